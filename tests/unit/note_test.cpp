// Signed notes and checkpoints: Ed25519 and SM2 (with the explicit distinguishing ID) sign a
// checkpoint; verification names the key; any change to text or signature is refused.
// R: REC-21, REC-22 — electronic signatures over the record, alteration detectable.
#include <gtest/gtest.h>

#include "base/error.h"
#include "ledger/note.h"

using namespace zhifa;
using namespace zhifa::ledger;

TEST(Note, SignAndOpenWithBothKeys) {
  auto ed = note::Signer::generate(note::KeyType::ed25519, "zhifa.example/330000");
  auto sm = note::Signer::generate(note::KeyType::sm2, "zhifa.example/330000");
  EXPECT_NE(ed.key_id(), sm.key_id());
  std::string text = note::checkpoint_text("zhifa.example/330000", 42, std::string(32, '\x07'));
  EXPECT_EQ(text, "zhifa.example/330000\n42\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n");
  std::string signed_note = note::sign(text, {&ed, &sm});
  auto ved = note::Verifier::parse(ed.verifier_key());
  auto vsm = note::Verifier::parse(sm.verifier_key());
  auto opened = note::open(signed_note, {&ved, &vsm});
  EXPECT_EQ(opened.text, text);
  EXPECT_EQ(opened.verified_by.size(), 2u);
  // One known key is enough; unknown signatures are ignored.
  EXPECT_EQ(note::open(signed_note, {&vsm}).verified_by.size(), 1u);
}

TEST(Note, AlterationIsRefused) {
  auto sm = note::Signer::generate(note::KeyType::sm2, "zhifa.example/log");
  auto v = note::Verifier::parse(sm.verifier_key());
  std::string good = note::sign("zhifa.example/log\n7\nAAAA\n", {&sm});
  std::string changed = good;
  changed[18] = '8';  // the size
  EXPECT_THROW(note::open(changed, {&v}), Error);
  auto other = note::Signer::generate(note::KeyType::sm2, "zhifa.example/log");
  auto vo = note::Verifier::parse(other.verifier_key());
  EXPECT_THROW(note::open(good, {&vo}), Error);  // no known signature
}

TEST(Note, KeysSurvivePem) {
  auto ed = note::Signer::generate(note::KeyType::ed25519, "k");
  auto again = note::Signer::from_pem(note::KeyType::ed25519, "k", ed.private_pem());
  EXPECT_EQ(again.verifier_key(), ed.verifier_key());
  auto sm = note::Signer::generate(note::KeyType::sm2, "k");
  auto sm2 = note::Signer::from_pem(note::KeyType::sm2, "k", sm.private_pem());
  EXPECT_EQ(sm2.verifier_key(), sm.verifier_key());
  EXPECT_THROW(note::Signer::from_pem(note::KeyType::ed25519, "k", "not a key"), Error);
  EXPECT_THROW(note::Verifier::parse("k+00000000+AAAA"), Error);
}
