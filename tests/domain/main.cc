// Boost.Test entry point of domain_test (the other files add suites).
#define BOOST_TEST_MODULE domain
#include <boost/test/unit_test.hpp>
