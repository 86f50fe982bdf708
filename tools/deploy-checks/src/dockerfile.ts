/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  line: number;
  keyword: string;
  /** The text after the keyword. */
  args: string;
  /** `--from=x`, `--chown=y`, ... of COPY/ADD/RUN. */
  flags: Record<string, string>;
  /** The arguments after the flags (shell words, or the JSON array of the exec form). */
  words: string[];
  /** CMD/ENTRYPOINT/RUN written as a JSON array. */
  execForm: boolean;
}

export interface Stage {
  /** FROM's image, ARG defaults substituted. */
  base: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM (they may parametrise FROM lines). */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole: string, a: string | undefined, b: string | undefined) => vars[a ?? b ?? ''] ?? whole);
}

/** A small Dockerfile reader: enough to check stages, users, arguments and what is copied. */
export function parseDockerfile(text: string): Dockerfile {
  const logical: Array<{ line: number; text: string }> = [];
  let current: { line: number; text: string } | null = null;
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (current && trimmed.startsWith('#')) return;
    const continued = /\\\s*$/.test(raw);
    const piece = continued ? raw.replace(/\\\s*$/, '') : raw;
    if (current) current.text += ` ${piece.trim()}`;
    else current = { line: i + 1, text: piece.trim() };
    if (!continued) {
      logical.push(current);
      current = null;
    }
  });
  if (current) logical.push(current);

  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const { line, text: t } of logical) {
    const m = /^(\w+)\s*(.*)$/s.exec(t);
    if (!m) throw new Error(`line ${line}: cannot read "${t}"`);
    const keyword = m[1].toUpperCase();
    const args = m[2].trim();
    const execForm = /^\[.*\]$/s.test(args);
    let words = execForm ? (JSON.parse(args) as string[]) : splitWords(args);
    const flags: Record<string, string> = {};
    if (!execForm) {
      while (words[0]?.startsWith('--')) {
        const [k, v = 'true'] = (words.shift() as string).slice(2).split(/=(.*)/s);
        flags[k] = v;
      }
    }
    if (keyword === 'FROM') {
      const [image, as, name] = words;
      stages.push({ base: substitute(image, globalArgs), name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      words = [image];
    }
    const instruction: Instruction = { line, keyword, args, flags, words, execForm };
    if (stages.length === 0) {
      if (keyword !== 'ARG') throw new Error(`line ${line}: ${keyword} before the first FROM`);
      const [name, value] = words[0].split(/=(.*)/s);
      globalArgs[name] = value;
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The stage's instructions of one kind. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}
