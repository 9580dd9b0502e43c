// The character entities of dblp.dtd. A SAX parser does not read external DTDs, so the
// table is ours: ISO Latin-1 (U+00A0–U+00FF, which also holds DBLP's &reg; &micro; &times;)
// and Latin Extended-A (U+0100–U+017E, ISO 8879 ISOlat2 names) for the names DBLP spells
// with entities. An entity missing here stays as written in the text.

const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg " +
  "plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute " +
  "Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml " +
  "Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc " +
  "euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash " +
  "ugrave uacute ucirc uuml yacute thorn yuml";

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

function table(names: string, first: number): [string, string][] {
  return names.split(" ").map((name, i) => [name, String.fromCodePoint(first + i)]);
}

export const DBLP_ENTITIES: Readonly<Record<string, string>> = Object.fromEntries([
  ...table(LATIN1, 0xa0),
  ...table(LATIN_EXTENDED_A, 0x100),
]);
