/** The built-in lesson path: public/lessons/index.json, validated (it is fetched like any input). */

export interface LessonEntry {
  id: string;
  title: string;
  summary: string;
  file: string;
}

export function parseLessonIndex(data: unknown): LessonEntry[] {
  if (!Array.isArray(data)) return [];
  const out: LessonEntry[] = [];
  for (const e of data.slice(0, 100)) {
    if (typeof e !== "object" || e === null) continue;
    const { id, title, summary, file } = e as Record<string, unknown>;
    if (typeof id !== "string" || !/^[\w-]{1,64}$/.test(id)) continue;
    if (typeof title !== "string" || typeof file !== "string" || !/^[\w.-]+\.md$/.test(file)) continue;
    out.push({
      id,
      title: title.slice(0, 120),
      summary: typeof summary === "string" ? summary.slice(0, 400) : "",
      file,
    });
  }
  return out;
}
