// Audio/video recording devices (REC-23, 002 Art 26-29): registered by the enforcement
// supervision unit, assigned to named staff, retired when out of service. An assignment is a new
// row, never an edit, so who held a device at any moment stays on record; evidence recorded with
// a device names its holder at the time of capture. Every change is a ledger entry.
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "base/time.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::evidence {

struct Device {
  int64_t id = 0;
  int64_t bureau_id = 0;
  std::string bureau_path;
  std::string serial_no, kind, model, status;  // status: in_service | retired
};

// Requires evidence.read or device.manage. Filter: bureau_id?, status?. {items} with holder.
nlohmann::json list_devices(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id,
                            const std::string& status);
nlohmann::json get_device(db::Connection& c, const org::Principal& p, int64_t id);
// Input: bureau_id, serial_no, kind, model, holder_id?. Requires device.manage.
nlohmann::json register_device(db::Connection& c, const org::Principal& p, const nlohmann::json& in);
// Input: user_id (null: returned to storage). Requires device.manage.
nlohmann::json assign_device(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);
// Input: reason. Ends any assignment. Requires device.manage.
nlohmann::json retire_device(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in);

// A device in the principal's scope; 404 `device.not_found` otherwise.
Device find_device(db::Connection& c, const org::Principal& p, int64_t id);
// Who held the device at `at` (the latest assignment not after it); nullopt when nobody did.
std::optional<int64_t> holder_at(db::Connection& c, int64_t device_id, const std::string& at_iso);

const char* device_kind_name(const std::string& kind);  // Chinese; nullptr for an unknown kind

}  // namespace zhifa::evidence
