import { conformanceSuite, type RecordedCase } from "../conformance/harness.js";
import cases from "../conformance/fixtures/awk.json";

conformanceSuite("awk", cases as RecordedCase[]);
