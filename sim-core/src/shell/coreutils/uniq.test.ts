import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/uniq.json";

conformanceSuite("uniq", cases as RecordedCase[]);
