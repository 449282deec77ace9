
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/bench/loadgen/alerts.cpp" "CMakeFiles/loadgen.dir/loadgen/alerts.cpp.o" "gcc" "CMakeFiles/loadgen.dir/loadgen/alerts.cpp.o.d"
  "/work/main/bench/loadgen/http.cpp" "CMakeFiles/loadgen.dir/loadgen/http.cpp.o" "gcc" "CMakeFiles/loadgen.dir/loadgen/http.cpp.o.d"
  "/work/main/bench/loadgen/main.cpp" "CMakeFiles/loadgen.dir/loadgen/main.cpp.o" "gcc" "CMakeFiles/loadgen.dir/loadgen/main.cpp.o.d"
  "/work/main/bench/loadgen/sink.cpp" "CMakeFiles/loadgen.dir/loadgen/sink.cpp.o" "gcc" "CMakeFiles/loadgen.dir/loadgen/sink.cpp.o.d"
  "/work/main/bench/loadgen/stats.cpp" "CMakeFiles/loadgen.dir/loadgen/stats.cpp.o" "gcc" "CMakeFiles/loadgen.dir/loadgen/stats.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
