// Every bound of the ledger, in one place. Units last in names. Changing a
// limit that shapes stored data (sizes, counts) is a format decision: write
// it down in docs/decisions/.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pl::limits {

// Largest signed envelope accepted. A patent event with a dozen parties is
// about 2 KiB; 64 KiB leaves room for long titles and many consents while
// keeping one hostile submission from costing more than a few microseconds of
// verification.
inline constexpr std::size_t kEnvelopeBytesMax = 64 * 1024;

// Signatures on one envelope: the submitter plus consents of every co-owner
// and a pledgee.
inline constexpr std::size_t kSignaturesPerEnvelopeMax = 16;

// Parties in any one list (owners, assignors, assignees, licensors, ...).
inline constexpr std::size_t kPartiesPerListMax = 32;

// Region codes in a licence territory (31 provincial divisions + "CN").
inline constexpr std::size_t kTerritoryRegionsMax = 40;

// Length of free-text fields (titles, reasons, names), in bytes.
inline constexpr std::size_t kTextBytesMax = 1024;

// Length of identifier fields (contract ids, licence ids, pledge ids).
inline constexpr std::size_t kIdentifierBytesMax = 128;

// Licences remembered per patent in the admission state. Licence conflict
// checks are linear in this; a patent with more than this many live licences
// is refused by the store layer rather than slowing every admission.
inline constexpr std::size_t kLicencesPerPatentMax = 4096;

// Submissions sealed in one RocksDB WriteBatch (one WAL sync). Larger groups
// amortise the sync; smaller ones cut receipt latency.
inline constexpr std::size_t kCommitGroupSubmissionsMax = 4096;

// Submissions admitted to the node but not yet answered. When full, a
// non-blocking submit answers "busy, retry".
inline constexpr std::size_t kAdmissionQueueDepthMax = 65536;

// Ledger partitions per ledger (fixed at init).
inline constexpr std::uint32_t kPartitionsMax = 256;

// A line of the text formats read by the CLI (base64 envelopes, JSON).
inline constexpr std::size_t kInputLineBytesMax = 256 * 1024;

// Events `verify` reads ahead of its in-order checks, per chunk: one chunk
// is verified on all cores while the one before it is checked in order and
// the next is read, so at most three chunks are held. Large enough to keep
// the cores busy, small enough to stay a few MiB.
inline constexpr std::size_t kAuditChunkEvents = 2048;

}  // namespace pl::limits
