import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/tail.json";

conformanceSuite("tail", cases as RecordedCase[]);
