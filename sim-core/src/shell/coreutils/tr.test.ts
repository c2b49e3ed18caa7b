import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/tr.json";

conformanceSuite("tr", cases as RecordedCase[]);
