#pragma once
// nomo's version. CMake reads these three lines; keep their form.
#define NOMO_VERSION_MAJOR 0
#define NOMO_VERSION_MINOR 1
#define NOMO_VERSION_PATCH 0

namespace nomo {
inline constexpr int version_major = NOMO_VERSION_MAJOR;
inline constexpr int version_minor = NOMO_VERSION_MINOR;
inline constexpr int version_patch = NOMO_VERSION_PATCH;
}  // namespace nomo
