import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/head.json";

conformanceSuite("head", cases as RecordedCase[]);
