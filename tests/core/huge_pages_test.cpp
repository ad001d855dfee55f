// core/huge_pages.hpp: advice covers only whole 2 MB pages inside the buffer, is refused for
// buffers that hold none, and leaves the buffer usable as before.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "nomo/core/huge_pages.hpp"

namespace {

// Whether this kernel has transparent huge pages at all (madvise refuses MADV_HUGEPAGE without).
bool kernel_has_huge_pages() {
#if defined(__linux__)
  return std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled");
#else
  return false;
#endif
}

}  // namespace

TEST_CASE("advise_huge_pages advises buffers holding a whole 2 MB page and leaves them usable", "[huge_pages]") {
  constexpr std::size_t bytes = 3 * nomo::detail::huge_page_bytes;  // holds at least two whole pages
  std::unique_ptr<double, decltype(&std::free)> buffer(static_cast<double*>(std::malloc(bytes)), &std::free);
  REQUIRE(buffer != nullptr);
  CHECK(nomo::detail::advise_huge_pages(buffer.get(), bytes) == kernel_has_huge_pages());
  const std::size_t count = bytes / sizeof(double);
  for (std::size_t i = 0; i < count; ++i) buffer.get()[i] = static_cast<double>(i);
  double sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += buffer.get()[i];
  CHECK(sum == static_cast<double>(count) * static_cast<double>(count - 1) / 2);  // exact below 2^53
}

TEST_CASE("advise_huge_pages gives no advice for null or smaller-than-a-page buffers", "[huge_pages]") {
  CHECK_FALSE(nomo::detail::advise_huge_pages(nullptr, 8 * nomo::detail::huge_page_bytes));
  std::unique_ptr<char, decltype(&std::free)> small(static_cast<char*>(std::malloc(1 << 20)), &std::free);
  REQUIRE(small != nullptr);
  CHECK_FALSE(nomo::detail::advise_huge_pages(small.get(), 1 << 20));
  CHECK_FALSE(nomo::detail::advise_huge_pages(small.get(), 0));
}
