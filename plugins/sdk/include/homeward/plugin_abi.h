/*
 * The Homeward plugin ABI: the only contract between the Homeward engine (the host) and a
 * provincial plugin (a shared library). Plain C, so that any compiler, any C++ standard library
 * and any exception model on either side still agree.
 *
 * Rules of the boundary:
 *  - The plugin exports one function, homeward_plugin_entry(), returning a table of function
 *    pointers (hw_plugin_api). The host passes its own table of callbacks (hw_host_api) to init().
 *  - Every table starts with its own size and only ever grows at the end. A reader uses a field
 *    only when the struct_size it was given covers it (HW_ABI_HAS_FIELD).
 *  - The host accepts a plugin whose ABI major equals its own and whose minor is not higher.
 *  - Strings are pointer + length (hw_string), UTF-8, not NUL-terminated.
 *  - Whoever allocates frees. Output goes through a host-owned sink (hw_output), so the host
 *    allocates and frees it; error messages go into a caller-owned buffer (hw_error). The plugin's
 *    instance is created by init() and freed by destroy(), both in the plugin.
 *  - Data crosses as JSON text (see docs/plugin-guide.md for each document). No exception, no
 *    C++ or Boost type, no RTTI ever crosses.
 *  - Every function may be called from several threads at once, on the same instance.
 */
#ifndef HOMEWARD_PLUGIN_ABI_H_
#define HOMEWARD_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#define HOMEWARD_PLUGIN_ABI_MAJOR 1
/* Minor 1: the vacancy given to job_rules and screen_vacancy carries "normalised_text", its title
 * and description in the form the core screening rules read (docs/plugin-guide.md). A host of
 * minor 1 loads plugins built for minor 0 unchanged. */
/* Minor 2: programme_rules, the province's rules and priorities for livelihood programmes. A host
 * of minor 2 reads it only from a table whose struct_size covers it, so it loads plugins built for
 * minors 0 and 1 unchanged (their programmes get no rules). */
/* Minor 3: a rule hit or a screening flag may carry "reason_km", its reason in Khmer, which the
 * host gives clients asking for Khmer (Accept-Language: km). A host of minor 3 loads plugins built
 * for minors 0 to 2 unchanged (their reasons stay English in Khmer answers); a host of minor 2
 * refuses a minor-3 plugin at load, before any output of it could be rejected. */
/* Minor 4: rule_points, how far the province's rules can move a score for one person in one
 * month, within the manifest's rule_points: the host then asks the rules of fewer of a person's
 * opportunities. A host of minor 4 loads plugins built for minors 0 to 3 unchanged (the
 * manifest's range holds for everyone); a host of minor 3 refuses a minor-4 plugin at load. */
/* Minor 5: vacancy_rule_points, how far the province's job rules can move the score of any
 * person's pair with one vacancy, within the manifest's rule_points: the host keeps it beside the
 * vacancy and asks the rules of fewer vacancies. A host of minor 5 loads plugins built for minors
 * 0 to 4 unchanged (the manifest's range holds for every vacancy); a host of minor 4 refuses a
 * minor-5 plugin at load. */
#define HOMEWARD_PLUGIN_ABI_MINOR 5
#define HOMEWARD_PLUGIN_SDK_VERSION "1.5.0"

/* The one symbol a plugin exports. */
#define HOMEWARD_PLUGIN_ENTRY_SYMBOL "homeward_plugin_entry"

#if defined(__GNUC__) || defined(__clang__)
#define HOMEWARD_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define HOMEWARD_PLUGIN_EXPORT
#endif

/* True when a struct whose first member says it is `size` bytes long contains `field`. */
#define HW_ABI_HAS_FIELD(size, type, field) \
  ((size) >= offsetof(type, field) + sizeof(((type*)0)->field))

#ifdef __cplusplus
extern "C" {
#endif

/* A UTF-8 string that the receiver may read during the call only. */
typedef struct hw_string {
  const char* data;
  size_t size;
} hw_string;

/* Result codes of every plugin function. */
typedef int32_t hw_result;
#define HW_OK 0
#define HW_ERROR_INVALID_INPUT 1 /* the input is malformed, or rejected (validate_market) */
#define HW_ERROR_INTERNAL 2      /* the plugin failed: a bug, an exception, a missing resource */
#define HW_ERROR_UNSUPPORTED 3   /* the plugin does not provide this function */

/* Log levels of hw_host_api.log. */
#define HW_LOG_DEBUG 0
#define HW_LOG_INFO 1
#define HW_LOG_WARNING 2
#define HW_LOG_ERROR 3

/* A caller-owned buffer for an error message. The plugin writes at most capacity - 1 bytes and a
 * terminating NUL; it truncates longer messages. */
typedef struct hw_error {
  char* message;
  size_t capacity;
} hw_error;

/* A host-owned sink for a function's output. The plugin calls write() any number of times; the
 * host appends each piece. Valid during the call only. */
typedef struct hw_output {
  void* context;
  void (*write)(void* context, const char* data, size_t size);
} hw_output;

/* What the host offers a plugin. Valid from init() until destroy() returns. */
typedef struct hw_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  void* context;
  /* Logs a message under the plugin's id. Never log a person's data. Thread-safe. */
  void (*log)(void* context, int32_t level, hw_string message);
} hw_host_api;

/* What a plugin offers the host. Returned by homeward_plugin_entry(); static for the life of the
 * library. A function the plugin does not provide is NULL. */
typedef struct hw_plugin_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  hw_string id;          /* "phnom-penh"; equals the manifest's id */
  hw_string province;    /* "KH-12"; equals the manifest's province */
  hw_string version;     /* the plugin's own version, e.g. "1.2.0" */
  hw_string sdk_version; /* HOMEWARD_PLUGIN_SDK_VERSION the plugin was built with */

  /* Creates the plugin's instance in *instance. */
  hw_result (*init)(const hw_host_api* host, void** instance, hw_error* error);
  /* Frees the instance; no other call on it is in flight or will follow. */
  void (*destroy)(void* instance);

  /* Writes the province's market data (schemas/market-data.schema.json). */
  hw_result (*market_data)(void* instance, const hw_output* out, hw_error* error);
  /* Writes weight overrides: {"match": {...}, "vulnerability": {...}}, each member optional. */
  hw_result (*weights)(void* instance, const hw_output* out, hw_error* error);
  /* Input {"person", "vacancy", "month"}; writes [{"rule", "points", "reason"}]. */
  hw_result (*job_rules)(void* instance, hw_string input, const hw_output* out, hw_error* error);
  /* Input {"person", "training", "month"}; writes [{"rule", "points", "reason"}]. */
  hw_result (*training_rules)(void* instance, hw_string input, const hw_output* out,
                              hw_error* error);
  /* Input {"vacancy", "employer"}; writes [{"rule", "code", "severity", "reason"}]. */
  hw_result (*screen_vacancy)(void* instance, hw_string input, const hw_output* out,
                              hw_error* error);
  /* Checks replacement market data; HW_ERROR_INVALID_INPUT with a reason when it is rejected. */
  hw_result (*validate_market)(void* instance, hw_string market, hw_error* error);
  /* Minor 2. Input {"person", "programme", "month"}; writes [{"rule", "points", "reason"}]: the
   * province's rules and priorities for a livelihood programme (docs/plugin-guide.md). */
  hw_result (*programme_rules)(void* instance, hw_string input, const hw_output* out,
                               hw_error* error);
  /* Minor 4. Input {"person", "month"} (the person as the rules get them); writes
   * {"least", "most"}: the least and the most that the points of one call of job_rules,
   * training_rules or programme_rules can add up to for this person in this month, within the
   * manifest's rule_points, least <= 0 <= most; or null for the manifest's. The host cuts every
   * answer to it. */
  hw_result (*rule_points)(void* instance, hw_string input, const hw_output* out, hw_error* error);
  /* Minor 5. Input {"vacancy"} (the vacancy as job_rules gets it); writes {"least", "most"}: the
   * least and the most that the points of one call of job_rules with this vacancy can add up to
   * for any person, in any month and at any exchange rates, within the manifest's rule_points,
   * least <= 0 <= most; or null for the manifest's. The host cuts every answer to it. */
  hw_result (*vacancy_rule_points)(void* instance, hw_string input, const hw_output* out,
                                   hw_error* error);
} hw_plugin_api;

typedef const hw_plugin_api* (*hw_plugin_entry_fn)(void);

/* The entry point every plugin defines (HOMEWARD_PLUGIN_ENTRY_SYMBOL). */
HOMEWARD_PLUGIN_EXPORT const hw_plugin_api* homeward_plugin_entry(void);

#ifdef __cplusplus
}
#endif

#endif /* HOMEWARD_PLUGIN_ABI_H_ */
