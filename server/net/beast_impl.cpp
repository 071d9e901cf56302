// Boost.Beast and Boost.Asio compiled once for the whole server (BOOST_*_SEPARATE_COMPILATION),
// instead of in every file that includes them: much faster builds on small machines.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
