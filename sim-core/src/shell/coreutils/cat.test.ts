import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/cat.json";

conformanceSuite("cat", cases as RecordedCase[]);
