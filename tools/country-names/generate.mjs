// Writes emulator/data/country-names.json: each country of the store's directory in the
// languages the app ships, as ICU names them (Magento reads its country names from ICU too).
// Run from the project root: node tools/country-names/generate.mjs
import { readFileSync, writeFileSync } from "node:fs";

const LOCALES = ["de_DE", "fr_FR", "nl_NL", "es_ES", "ar_SA"];
const countries = JSON.parse(readFileSync("emulator/data/countries.json", "utf8"));
const names = {};
for (const locale of LOCALES) {
  const display = new Intl.DisplayNames([locale.replace("_", "-")], { type: "region", fallback: "none" });
  names[locale] = {};
  for (const { id, full_name_locale } of countries) {
    // A country ICU cannot name (AN) has no name in any language, as in Magento.
    names[locale][id] = full_name_locale === null ? null : display.of(id) ?? null;
  }
}
writeFileSync("emulator/data/country-names.json", JSON.stringify(names, null, 1) + "\n");
console.log(`ICU ${process.versions.icu}: ${countries.length} countries in ${LOCALES.length} languages`);
