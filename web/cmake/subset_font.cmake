# Cuts the UI font down to the scripts the widget shows (the same ranges as core/ui/fonts.cpp). No hinting (the atlas is
# rasterised by stb_truetype, which ignores it) and no layout tables (ImGui 1.86 does not shape).
# Latin-1 + Extended-A (every EU language), modern Greek, the Cyrillic of Russian, Ukrainian,
# Belarusian, Bulgarian, Serbian and Macedonian, and the punctuation and symbols the UI uses:
# 21 KB gzip. The whole Greek and Cyrillic blocks would add 11 KB for letters few customers type.
set(unicodes "U+0020-017F,U+0384-03CE,U+0400-045F,U+0490-0491,U+2010-2027,U+2030-203A,U+20AC,U+20BD,U+2122,U+2190-2193,U+2605-2606,U+2713-2715,U+FFFD")
execute_process(
  COMMAND ${PYTHON} -m fontTools.subset ${IN} --output-file=${OUT} --unicodes=${unicodes}
          --no-hinting --desubroutinize --layout-features= --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM,BASE,MATH
          --name-IDs=0,1,2,3,4,5,6 --no-glyph-names --notdef-outline
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "Font subsetting failed (is python3-fonttools installed?): ${err}")
endif()
