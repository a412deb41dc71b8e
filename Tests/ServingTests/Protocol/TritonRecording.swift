import Foundation

/// A binary infer request made by tritonclient 2.73 (`InferInput.set_data_from_numpy` and
/// `generate_request_body` with their defaults: binary input, `binary_data_output`) and
/// `bench serve`'s answer to it, which tritonclient parsed (`scripts/serving/interop_check.py --record`).
enum TritonRecording {
    static let requestHeaderLength = 154
    static let responseHeaderLength = 249

    static let request = Array(Data(base64Encoded: """
        eyJpZCI6InJlYy0xIiwiaW5wdXRzIjpbeyJuYW1lIjoiaW5wdXQiLCJzaGFwZSI6WzEsNjRdLCJkYXRhdHlwZSI6IkZQMzIiLCJw
        YXJhbWV0ZXJzIjp7ImJpbmFyeV9kYXRhX3NpemUiOjI1Nn19XSwicGFyYW1ldGVycyI6eyJiaW5hcnlfZGF0YV9vdXRwdXQiOnRy
        dWV9fbcNDD01DK4/qcOcP3yjAr92j5i+pwIHv5bZET/To2W95TM/PyR17L+shMg/OX7FvUgtLj8M2Au+NRnCvsYc7T5SE1M//mNP
        vvtzHL7yiS8/pc5ev1LXwb8QO8o+NKorv7jN9b/SZVC/8mjvvty6mL8OCb+/jBEWPSGyZT8tum6+T1w+v+kdxT7EnDc//ZqZvllv
        Cz/yfIU/Y+xTvo5CUL9C/7E+oXx9PualjD8lbaS/d18pvxySVr8z9N2/D3gBPi0eBz9YIT2/4lyxP6JpUj+/myA/jazNPsOmdD9R
        fqq/fiodP5VPGj+aROK/7q2xPjo3gL7fEUg/wszgvtptlbw=
        """, options: .ignoreUnknownCharacters)!)

    static let response = Array(Data(base64Encoded: """
        eyJtb2RlbF9uYW1lIjoibWxwLWZwMzIiLCJtb2RlbF92ZXJzaW9uIjoiMSIsImlkIjoicmVjLTEiLCJvdXRwdXRzIjpbeyJuYW1l
        IjoicHJvYmFiaWxpdGllcyIsImRhdGF0eXBlIjoiRlAzMiIsInNoYXBlIjpbMSwxMF0sInBhcmFtZXRlcnMiOnsiYmluYXJ5X2Rh
        dGFfc2l6ZSI6NDB9fSx7Im5hbWUiOiJsYWJlbCIsImRhdGF0eXBlIjoiSU5UNjQiLCJzaGFwZSI6WzFdLCJwYXJhbWV0ZXJzIjp7
        ImJpbmFyeV9kYXRhX3NpemUiOjh9fV19wzc+PDjT+TsBVQY8nuA7PL0dXDxbb7U8SVLfO+EsKz0MHFw/jyaMPAgAAAAAAAAA
        """, options: .ignoreUnknownCharacters)!)
}
