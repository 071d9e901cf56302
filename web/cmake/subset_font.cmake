# Cuts the UI font down to the code points in UNICODES (see web/CMakeLists.txt; core/ui/fonts.cpp
# asks ImGui for the same ranges). No hinting (the atlas is rasterised by stb_truetype, which ignores
# it) and no layout tables (ImGui 1.86 does not shape text).
execute_process(
  COMMAND ${PYTHON} -m fontTools.subset ${IN} --output-file=${OUT} --unicodes=${UNICODES}
          --no-hinting --desubroutinize --layout-features= --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM,BASE,MATH
          --name-IDs=0,1,2,3,4,5,6 --no-glyph-names --notdef-outline
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "Font subsetting failed (is python3-fonttools installed?): ${err}")
endif()
