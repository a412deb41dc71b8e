-- wrk script: POST a KServe v2 infer request (one row of 64 FP32 features) to every request.
-- Usage: wrk -t2 -c32 -d10s -s scripts/serving/infer.lua http://127.0.0.1:8000/v2/models/mlp-fp32/infer
local values = {}
for i = 1, 64 do values[i] = string.format("%.4f", math.sin(i * 0.7) * 1.5) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs":[{"name":"input","shape":[1,64],"datatype":"FP32","data":[' .. table.concat(values, ",") .. ']}]}'
