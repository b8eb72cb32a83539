/**
 * `response.http.headers.config`: comma-separated rules `[action] [name]: [value]` with action
 * set, add, setDate or addDate (Kafka's Jetty HeaderFilter). The worker config validator has
 * already checked the syntax.
 */
export function responseHeaderRules(
  config: string,
): ((headers: Record<string, string>) => void) | undefined {
  const rules = config
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((rule) => {
      const m = /^(set|add|setDate|addDate)\s+([^:\s]+)\s*:\s*(.*)$/i.exec(rule);
      return m === null ? null : { action: m[1]!.toLowerCase(), name: m[2]!, value: m[3]!.trim() };
    })
    .filter((r) => r !== null);
  if (rules.length === 0) return undefined;
  return (headers) => {
    for (const r of rules) {
      const value =
        r.action === 'setdate' || r.action === 'adddate'
          ? new Date(Date.now() + Number(r.value)).toUTCString()
          : r.value;
      const existing = Object.keys(headers).find((k) => k.toLowerCase() === r.name.toLowerCase());
      if ((r.action === 'add' || r.action === 'adddate') && existing !== undefined)
        headers[existing] = `${headers[existing]}, ${value}`;
      else headers[existing ?? r.name] = value;
    }
  };
}
