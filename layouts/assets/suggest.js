// "Did you mean …?" on the search page: which of the site's names (search/names.json, written
// by pages/searchnames.py) a query that found little most likely meant. Pure functions over
// plain data; search.js fetches the names, calls suggestions() and shows what it returns.

const MOST = 3; // names offered at most
const SHORTEST = 3; // letters a query needs before it is compared: "Ab" is close to too much

// Cyrillic as English-language news writes it in Latin letters (BGN/PCGN, simplified), so that
// a name typed in Cyrillic meets its Latin spelling: Пригожин -> prigozhin.
const CYRILLIC = Object.fromEntries(
  ("а a б b в v г g д d е e ё e ж zh з z и i й y к k л l м m н n о o п p р r с s т t у u ф f " +
   "х kh ц ts ч ch ш sh щ shch ъ - ы y ь - э e ю yu я ya і i ї yi є ye ў u ґ g")
    .match(/\S+ \S+/g).map((pair) => pair.split(" ")).map(([c, l]) => [c, l === "-" ? "" : l]));

// One name's spellings in Latin letters differ where languages and transliteration systems
// write the same sound differently. Each rule folds such variants into one, in this order
// (an earlier rule's output is what a later one reads), word by word:
const FOLDS = [
  [/tsch/g, "ch"], [/sch/g, "sh"], [/cz/g, "ch"], // German, Polish: Prigoschin, Czernobyl
  [/^[yj](?=[aeiou])/, ""], // y- or j- before a vowel at the start: Yevgeny, Jewgeni, Evgeny
  [/iy|ij|yi|ii|y/g, "i"], // the endings -iy, -ij, -ii, and y as a vowel: Yevgeniy, Dmitry
  [/dzh|dj|zh/g, "j"], // one sound, zh in English, j in French: Prigozhin, Prigojine
  [/kh/g, "h"], // Khodorkovsky, Hodorkovsky
  [/w/g, "v"], [/ou/g, "u"], [/x/g, "ks"], [/ph/g, "f"], // German w, French ou: Poutine
  [/o$/, "a"], // a Belarusian or Ukrainian -a for a Russian -o at the end: Lukashenka
  [/(.)\1+/g, "$1"], // doubled letters: Lukashennko, Sayyid
];

// A text's words with case and diacritics gone (Łukašenka -> lukasenka), Cyrillic in Latin
// letters; anything not a letter or a digit separates words.
export function plainWords(text) {
  const latin = [...text.normalize("NFC").toLowerCase()] // й and ё whole, before marks go
    .map((c) => CYRILLIC[c] ?? c).join("")
    .normalize("NFKD").replace(/\p{M}/gu, "").replace(/ł/g, "l").replace(/ø/g, "o").replace(/ß/g, "ss")
    .replace(/đ/g, "d").replace(/['’]/g, ""); // Prigozhin's = prigozhins, not "prigozhin s"
  return latin.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// The words as compared: plain, then folded (FOLDS).
export function foldedWords(text) {
  return plainWords(text).map((word) => FOLDS.reduce((w, [from, to]) => w.replace(from, to), word));
}

// Edits (a letter added, removed, changed, or two side by side swapped) from a to b; any
// number above `most` is returned as most + 1, sooner.
export function distance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      let cost = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + change);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        cost = Math.min(cost, before[j - 2] + 1);
      }
      row.push(cost);
      least = Math.min(least, cost);
    }
    if (least > most) return most + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length], most + 1);
}

// How many edits a query of this many letters may be from a name: none below 4 letters, then
// one for every 4 ("Prigozin" is 1 from "Prigozhin" once folded).
function allowance(letters) {
  return Math.floor(letters / 4);
}

// Each entry's spellings, folded once (a query compares thousands of them).
const folded = new WeakMap();
function spellingsOf(entry) {
  if (!folded.has(entry)) {
    folded.set(entry, [entry.name, ...(entry.aliases || [])].map(foldedWords));
  }
  return folded.get(entry);
}

// How close a name comes to the query: the fewest edits from the query's words to any run of
// as many words in its name or one of its aliases, and whether that run is a whole spelling
// ("Lukashenka" is a whole alias of Alexander Lukashenko; only part of "Putin calls Lukashenko").
function closeness(query, entry, most) {
  let best = null;
  for (const words of spellingsOf(entry)) {
    for (let start = 0; start + query.length <= words.length; start++) {
      const run = words.slice(start, start + query.length).join(" ");
      const edits = distance(query.join(" "), run, most);
      const part = query.length < words.length ? 1 : 0;
      if (edits <= most && (!best || edits < best.edits || (edits === best.edits && part < best.part))) {
        best = { edits, part };
      }
    }
  }
  return best;
}

// Whether the query is already written as the site writes a name (or words of one): then a
// query that found something needs no suggestion.
function isWrittenAsAName(query, names) {
  const words = plainWords(query).join(" ");
  return names.some((entry) => ` ${plainWords(entry.name).join(" ")} `.includes(` ${words} `));
}

// The names to offer for a query that found `found` results: none when it is written as a name
// already and found something; else those closest to it (fewest edits, a whole spelling before
// part of a longer one), as many as tie for closest, at most MOST. Each is an entry of
// names.json ({name, url, aliases}); never the name the query already is.
export function suggestions(query, names, found = 0) {
  const words = foldedWords(query);
  const letters = words.join("").length;
  if (letters < SHORTEST || (found > 0 && isWrittenAsAName(query, names))) return [];
  const asTyped = plainWords(query).join(" ");
  const most = allowance(letters);
  const close = [];
  for (const entry of names) {
    const near = closeness(words, entry, most);
    if (near && plainWords(entry.name).join(" ") !== asTyped) close.push({ entry, ...near });
  }
  if (close.length === 0) return [];
  close.sort((a, b) => a.edits - b.edits || a.part - b.part);
  const best = close[0];
  return close.filter((c) => c.edits === best.edits && c.part === best.part)
    .slice(0, MOST).map((c) => c.entry);
}
