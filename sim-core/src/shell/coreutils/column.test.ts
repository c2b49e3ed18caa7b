import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/column.json";

conformanceSuite("column", cases as RecordedCase[]);
