import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/sed.json";

conformanceSuite("sed", cases as RecordedCase[]);
