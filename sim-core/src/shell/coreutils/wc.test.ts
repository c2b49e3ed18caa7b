import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/wc.json";

conformanceSuite("wc", cases as RecordedCase[]);
