import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/nl.json";

conformanceSuite("nl", cases as RecordedCase[]);
