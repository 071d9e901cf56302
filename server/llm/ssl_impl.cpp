// Boost.Asio's SSL layer compiled once (BOOST_ASIO_SEPARATE_COMPILATION), next to net/beast_impl.cpp.
#include <boost/asio/ssl/impl/src.hpp>
