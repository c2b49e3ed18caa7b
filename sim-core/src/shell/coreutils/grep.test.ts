import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/grep.json";

conformanceSuite("grep", cases as RecordedCase[]);
