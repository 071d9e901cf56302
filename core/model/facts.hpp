#pragma once
// Key facts in a customer's own words, for the brief: order ids ("#12345", "order 12345", "A-10293",
// "ordernummer 123456", "Bestellnummer 4711-22"), amounts with a currency ("349 SEK", "€49.90", "49,90 €",
// "$12", "1 299 kr", "349:-"), dates ("12 March", "March 12", "2026-03-12", "12/03", "12 mars", "12. März"),
// emails and phone numbers. A hand-written scanner rather than std::regex: linear in the input and no
// recursion, so any text a customer can send is safe.
#include <string>
#include <string_view>
#include <vector>

#include "brief.hpp"

namespace duet {

// Every fact in `text`, in order of appearance, values as written (duplicates kept).
std::vector<Fact> find_facts(std::string_view text);

// Two facts with the same key are the same fact written differently ("#A-10293" and "A10293",
// "Anna@Example.com" and "anna@example.com").
std::string fact_key(const Fact& f);

}  // namespace duet
