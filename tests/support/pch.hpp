#pragma once
// Precompiled for every test executable: Catch2 and Eigen dominate test compile time on the
// two-core CI machines.
#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>
