import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/tac.json";

conformanceSuite("tac", cases as RecordedCase[]);
