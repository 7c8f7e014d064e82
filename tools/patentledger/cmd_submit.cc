// submit: signed envelopes (base64 lines) in, one JSON receipt per line out,
// in input order, each written only after the node made it durable.
#include <deque>
#include <future>
#include <map>

#include "ledger/base/bytes.h"
#include "ledger/node/node.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/kafka_cli.h"
#include "tools/patentledger/output.h"

namespace pl::cli {
namespace {

// Receipts waiting to be written, in input order. Bounded by the node's
// queue depth: Submit() blocks when the node is full.
struct InFlight {
  std::size_t line;
  std::future<node::Receipt> receipt;
};

struct Tally {
  std::size_t accepted = 0, replayed = 0, rejected = 0, retry = 0;
  std::map<std::string, std::size_t> by_code;

  void Add(const node::Receipt& r) {
    switch (r.status) {
      case node::Receipt::Status::kAccepted: ++(r.replayed ? replayed : accepted); break;
      case node::Receipt::Status::kRejected:
        ++rejected;
        ++by_code[std::string(domain::RejectCodeName(r.code))];
        break;
      default: ++retry; break;
    }
  }
  void Print() const {
    std::fprintf(stderr, "accepted %zu (of which %zu replays of earlier submissions), rejected %zu, retry %zu\n",
                 accepted + replayed, replayed, rejected, retry);
    for (const auto& [code, n] : by_code) std::fprintf(stderr, "  %-34s %zu\n", code.c_str(), n);
  }
};

void WriteReceipt(Output& out, std::size_t line, const node::Receipt& r) {
  std::string json = r.ToJson();
  // {"line":N, ...}: the receipt names the input line it answers.
  json = "{\"line\":" + std::to_string(line) + "," + json.substr(1) + "\n";
  out.Write(json);
}

}  // namespace

void RegisterSubmitCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("submit", "Submit signed envelopes (base64 lines) to an embedded ledger; prints one JSON receipt per line");
  static std::string dir, in = "-", out = "-";
  static std::size_t queue_depth = limits::kAdmissionQueueDepthMax;
  static std::string checkpoint_key;
  static std::uint64_t checkpoint_every = 0;
  static std::int64_t checkpoint_ms = 0;
  cmd->add_option("--dir", dir, "Ledger directory")->required();
  cmd->add_option("--checkpoint-every", checkpoint_every, "Sign a checkpoint every N new events of a partition");
  cmd->add_option("--checkpoint-ms", checkpoint_ms, "Sign a checkpoint of a partition that grew, every T ms");
  cmd->add_option("--checkpoint-key", checkpoint_key, "Log key for automatic checkpoints (default DIR/log.key)");
  cmd->add_option("input", in, "Input file of envelopes, - for stdin");
  cmd->add_option("--out", out, "Receipts file, - for stdout");
  cmd->add_option("--queue-depth", queue_depth, "Admission queue bound");
  static KafkaCliOptions kafka;
  static std::string ack;
  AddKafkaOptions(cmd, &kafka, "--kafka");
  static std::string checkpoints_topic = std::string(log::kCheckpointsTopic);
  cmd->add_option("--checkpoints-topic", checkpoints_topic,
                  "With --kafka and automatic checkpoints: topic the signed checkpoints are also published on");
  cmd->add_option("--ack", ack,
                  "When a receipt says accepted: replicated (RocksDB synced and Kafka acked; default with Kafka) "
                  "or local (RocksDB synced)")
      ->check(CLI::IsMember({"replicated", "local"}));
  cmd->callback([] {
    node::NodeOptions options;
    options.dir = dir;
    options.queue_depth = queue_depth;
    if (checkpoint_every > 0 || checkpoint_ms > 0) {
      if (checkpoint_ms < 0) return (void)Fail(kExitUsage, "--checkpoint-ms must not be negative");
      auto key = crypto::PrivateKey::LoadPemFile(checkpoint_key.empty() ? dir + "/log.key" : checkpoint_key);
      if (!key.ok()) return (void)Fail(key.status());
      options.checkpoint_key = std::make_shared<const crypto::PrivateKey>(std::move(*key));
      options.checkpoint_every_events = checkpoint_every;
      options.checkpoint_every_ms = checkpoint_ms;
    }
    auto config = MakeKafkaConfig(kafka);
    if (!config.ok()) return (void)Fail(config.status());
    if (config->configured()) {
      options.kafka = std::move(*config);
      options.checkpoints_topic = checkpoints_topic;
      options.ack = ack == "local" ? node::AckPolicy::kLocal : node::AckPolicy::kReplicated;
    } else if (!ack.empty()) {
      return (void)Fail(kExitUsage, "--ack needs Kafka (--kafka BOOTSTRAP or bootstrap.servers in --kafka-config)");
    }
    auto node = node::Node::Open(options);
    if (!node.ok()) return (void)Fail(node.status());
    auto reader = LineReader::Open(in);
    if (!reader.ok()) return (void)Fail(reader.status());
    // Receipts are a stream: those written survive a crash.
    auto output = Output::Open(out, Output::Kind::kStream);
    if (!output.ok()) return (void)Fail(output.status());

    Tally tally;
    Progress progress("submit");
    std::deque<InFlight> pending;
    std::size_t done = 0;
    auto drain = [&](bool all) {
      while (!pending.empty() &&
             (all || pending.front().receipt.wait_for(std::chrono::seconds(0)) == std::future_status::ready)) {
        node::Receipt r = pending.front().receipt.get();
        WriteReceipt(**output, pending.front().line, r);
        tally.Add(r);
        pending.pop_front();
        progress.Tick(++done);
      }
    };
    std::string line;
    // Once a receipt cannot be written no more input is submitted (what is
    // in flight still completes), and the run fails saying so.
    while ((*output)->ok() && (*reader)->Next(&line)) {
      std::size_t line_number = (*reader)->line_number();
      auto envelope = Base64Decode(line);
      if (!envelope) {
        std::promise<node::Receipt> p;
        p.set_value(node::Receipt::Rejected("", domain::RejectCode::kMalformed,
                                            (*reader)->Where() + ": line is not a base64 envelope"));
        pending.push_back({line_number, p.get_future()});
      } else {
        pending.push_back({line_number, (*node)->Submit(std::move(*envelope))});
      }
      if (pending.size() >= queue_depth) {
        pending.front().receipt.wait();
      }
      drain(false);
    }
    drain(true);
    progress.Finish(done);
    Status written = (*output)->Close();
    tally.Print();
    if (!written.ok()) {
      return (void)Fail(kExitFailure, written.ToString() +
                                          ". Not every receipt was written, and input read after the failure was "
                                          "not submitted. Submit the same input again for every receipt: "
                                          "submissions the ledger already holds come back as replays");
    }
    if (auto c = (*node)->counters(); c.checkpoint_publish_failures > 0) {
      std::fprintf(stderr, "warning: %llu checkpoint(s) not published on Kafka (they are stored)\n",
                   (unsigned long long)c.checkpoint_publish_failures);
    }
    if ((*node)->counters().checkpoint_errors > 0) {
      return (void)Fail(kExitFailure, "checkpoints failed: " + (*node)->last_checkpoint_error());
    }
    if (!(*reader)->status().ok()) return (void)Fail((*reader)->status());
    if (tally.retry > 0) ExitStatus() = kExitRetry;
    else if (tally.rejected > 0) ExitStatus() = kExitRejected;
  });
}

}  // namespace pl::cli
