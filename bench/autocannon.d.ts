// The few parts of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  type Request = { method?: string; headers?: Record<string, string>; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }
  type Options = { url: string; connections: number; duration: number; requests: Request[] }
  type Result = {
    latency: { p50: number; p99: number }
    requests: { total: number }
    errors: number
    timeouts: number
    statusCodeStats?: Record<string, { count: number }>
  }
  export default function autocannon(options: Options): Promise<Result>
}
