// Strong types for positions and versions so that two kinds of counter can
// never be mixed up (a stream version is not a ledger sequence number).
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace pl {

template <typename Tag, typename Rep>
class StrongInt {
 public:
  constexpr StrongInt() = default;
  constexpr explicit StrongInt(Rep value) : value_(value) {}
  constexpr Rep value() const { return value_; }
  constexpr auto operator<=>(const StrongInt&) const = default;
  constexpr StrongInt Next() const { return StrongInt(value_ + 1); }

 private:
  Rep value_{};
};

struct PartitionTag {};
struct LedgerSeqTag {};
struct StreamVersionTag {};

// A ledger partition: an independent log with its own sequence and chain.
using PartitionId = StrongInt<PartitionTag, std::uint32_t>;
// Position of a sealed event in its partition; 0-based and gap-free.
using LedgerSeq = StrongInt<LedgerSeqTag, std::uint64_t>;
// Position of an event in its patent's stream; the first event is version 0.
using StreamVersion = StrongInt<StreamVersionTag, std::uint64_t>;

}  // namespace pl

template <typename Tag, typename Rep>
struct std::hash<pl::StrongInt<Tag, Rep>> {
  std::size_t operator()(const pl::StrongInt<Tag, Rep>& v) const noexcept {
    return std::hash<Rep>()(v.value());
  }
};
