/* A plugin written against the bare C ABI (no C++ helper), broken on purpose in one way chosen
 * at compile time. It also proves that homeward/plugin_abi.h is plain C.
 *   BROKEN_WRONG_ABI       reports (and its manifest declares) ABI major 2
 *   BROKEN_MISSING_ENTRY   exports its table under another name
 *   BROKEN_OWN_SQLITE      defines sqlite3_open itself
 *   BROKEN_INVALID_OUTPUT  job_rules writes a document that is not a rule list
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/plugin_abi.h"

static const char kMarket[] =
    "{\"province\":\"KH-4\",\"living_wage\":250,\"poverty_line\":66,\"minimum_wage\":208,"
    "\"median_wages\":{\"9\":180},\"sector_demand\":{\"agriculture\":[1,1,1,1,1,1,1,1,1,1,1,1]},"
    "\"source\":\"test\",\"as_of\":\"2025-01-01\"}";

static void Put(const hw_output* out, const char* text) {
  out->write(out->context, text, strlen(text));
}

static hw_result Init(const hw_host_api* host, void** instance, hw_error* error) {
  (void)host;
  (void)error;
  *instance = malloc(1);
  return HW_OK;
}
static void Destroy(void* instance) {
  free(instance);
}
static hw_result MarketData(void* instance, const hw_output* out, hw_error* error) {
  (void)instance;
  (void)error;
  Put(out, kMarket);
  return HW_OK;
}
static hw_result Rules(void* instance, hw_string input, const hw_output* out, hw_error* error) {
  (void)instance;
  (void)input;
  (void)error;
#ifdef BROKEN_INVALID_OUTPUT
  Put(out, "[{\"rule\":\"lure\",\"points\":\"a great many\",\"reason\":\"\"}]");
#else
  Put(out, "[]");
#endif
  return HW_OK;
}

#define HW_STR(s) \
  { s, sizeof(s) - 1 }

static const hw_plugin_api kApi = {
#ifdef OLD_ABI_MINOR_0
    /* the table as the first SDK knew it: it ends before programme_rules (minor 2) */
    offsetof(hw_plugin_api, programme_rules),
#else
    sizeof(hw_plugin_api),
#endif
#ifdef BROKEN_WRONG_ABI
    2,
#else
    HOMEWARD_PLUGIN_ABI_MAJOR,
#endif
#ifdef OLD_ABI_MINOR_0
    0, /* built against the first SDK: a newer host must still load it */
#else
    HOMEWARD_PLUGIN_ABI_MINOR,
#endif
    HW_STR(HOMEWARD_PLUGIN_ID),
    HW_STR(HOMEWARD_PLUGIN_PROVINCE),
    HW_STR(HOMEWARD_PLUGIN_VERSION),
    HW_STR(HOMEWARD_PLUGIN_SDK_VERSION),
    Init,
    Destroy,
    MarketData,
    NULL,
    Rules,
    Rules,
    Rules,
    NULL,
    NULL, /* programme_rules (minor 2); never read from the minor-0 table */
    NULL, /* rule_points (minor 4); likewise */
    NULL, /* vacancy_rule_points (minor 5); likewise */
};

#ifdef BROKEN_MISSING_ENTRY
HOMEWARD_PLUGIN_EXPORT const hw_plugin_api* homeward_plugin_entry_v0(void) {
  return &kApi;
}
#else
const hw_plugin_api* homeward_plugin_entry(void) {
  return &kApi;
}
#endif

#ifdef BROKEN_OWN_SQLITE
/* A plugin that brings its own SQLite: the host must refuse it before running any of its code. */
HOMEWARD_PLUGIN_EXPORT int sqlite3_open(const char* filename, void** db) {
  (void)filename;
  *db = NULL;
  return 1;
}
#endif
