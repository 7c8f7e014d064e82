// Boost.Test entry point of codec_test (the other files add suites).
#define BOOST_TEST_MODULE codec
#include <boost/test/unit_test.hpp>
