import { conformanceSuite, type RecordedCase } from "./conformance/harness.js";
import cases from "./conformance/fixtures/sort.json";

conformanceSuite("sort", cases as RecordedCase[]);
