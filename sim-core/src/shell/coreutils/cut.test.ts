import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/cut.json";

conformanceSuite("cut", cases as RecordedCase[]);
