file(REMOVE_RECURSE
  "CMakeFiles/loadgen.dir/loadgen/alerts.cpp.o"
  "CMakeFiles/loadgen.dir/loadgen/alerts.cpp.o.d"
  "CMakeFiles/loadgen.dir/loadgen/http.cpp.o"
  "CMakeFiles/loadgen.dir/loadgen/http.cpp.o.d"
  "CMakeFiles/loadgen.dir/loadgen/main.cpp.o"
  "CMakeFiles/loadgen.dir/loadgen/main.cpp.o.d"
  "CMakeFiles/loadgen.dir/loadgen/sink.cpp.o"
  "CMakeFiles/loadgen.dir/loadgen/sink.cpp.o.d"
  "CMakeFiles/loadgen.dir/loadgen/stats.cpp.o"
  "CMakeFiles/loadgen.dir/loadgen/stats.cpp.o.d"
  "loadgen"
  "loadgen.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/loadgen.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
