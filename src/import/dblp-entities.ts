// The character entities of dblp.dtd. A SAX parser does not read external DTDs, so the
// table is ours: ISO Latin-1 (U+00A0–U+00FF, which also holds DBLP's &reg; &micro; &times;)
// and Latin Extended-A (U+0100–U+017E, ISO 8879 ISOlat2 names) for the names DBLP spells
// with entities. An entity missing here stays as written in the text. Latin-1 is the table
// the metadata cleaners decode with (html-entities.ts).

import { entityRun, LATIN1_ENTITIES } from "../papers/resolvers/html-entities";

const LATIN_EXTENDED_A =
  "Amacr amacr Abreve abreve Aogon aogon Cacute cacute Ccirc ccirc Cdot cdot Ccaron ccaron " +
  "Dcaron dcaron Dstrok dstrok Emacr emacr Ebreve ebreve Edot edot Eogon eogon Ecaron ecaron " +
  "Gcirc gcirc Gbreve gbreve Gdot gdot Gcedil gcedil Hcirc hcirc Hstrok hstrok Itilde itilde " +
  "Imacr imacr Ibreve ibreve Iogon iogon Idot imath IJlig ijlig Jcirc jcirc Kcedil kcedil " +
  "kgreen Lacute lacute Lcedil lcedil Lcaron lcaron Lmidot lmidot Lstrok lstrok Nacute nacute " +
  "Ncedil ncedil Ncaron ncaron napos ENG eng Omacr omacr Obreve obreve Odblac odblac OElig " +
  "oelig Racute racute Rcedil rcedil Rcaron rcaron Sacute sacute Scirc scirc Scedil scedil " +
  "Scaron scaron Tcedil tcedil Tcaron tcaron Tstrok tstrok Utilde utilde Umacr umacr Ubreve " +
  "ubreve Uring uring Udblac udblac Uogon uogon Wcirc wcirc Ycirc ycirc Yuml Zacute zacute " +
  "Zdot zdot Zcaron zcaron";

export const DBLP_ENTITIES: Readonly<Record<string, string>> = Object.fromEntries([
  ...LATIN1_ENTITIES,
  ...entityRun(LATIN_EXTENDED_A, 0x100),
]);
