-- POST /v1/vacancies (a legitimate garment vacancy of the demo employer HOMEWARD_EMPLOYER)
package.path = package.path .. ";" .. (os.getenv("WRK_DIR") or ".") .. "/?.lua"
local common = require("common")
common.auth()
wrk.method = "POST"
wrk.path = "/v1/vacancies"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"employer_id":"' .. (os.getenv("HOMEWARD_EMPLOYER") or "") .. '",' ..
  '"title":"Sewing machine operator","occupation":"8153","province":"KH-14",' ..
  '"wage":{"amount":230,"currency":"USD","period":"month"},"slots":3,' ..
  '"hours_per_week":48,"contract":"permanent"}'
function done(summary) common.done("create vacancy", summary) end
