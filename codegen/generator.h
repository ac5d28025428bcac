// The whole pipeline: schema + query files -> generated files.
#pragma once

#include <string>
#include <vector>

#include "emitter.h"

namespace ntpmon::sqlgen {

struct SourceText {
  std::string path;  // used in messages and in the catalog
  std::string text;
};

// Throws CodegenError on the first error.
std::vector<OutputFile> generate(const SourceText& schema, const std::vector<SourceText>& query_files,
                                 const GenOptions& opt);

}  // namespace ntpmon::sqlgen
