import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { trackTransfers } from '../../bench/browser'

// bench/browser.ts reads partial sizes from Chromium's network events; the ExtraInfo events come
// from another process than the rest and in no promised order.
describe('trackTransfers', () => {
  const request = { requestId: '7', type: 'XHR', request: { url: 'http://x/intake/duplicates', method: 'POST' } }
  const response = { requestId: '7', response: { status: 200, headers: { 'content-encoding': 'gzip' } } }
  const headersText = 'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n'

  function record(events: [string, object][]) {
    const cdp = new EventEmitter()
    const transfers = trackTransfers((event, handler) => cdp.on(event, handler))
    for (const [event, body] of events) cdp.emit(event, body)
    return transfers
  }

  it('keeps the raw header bytes that arrive before the request itself', () => {
    const transfers = record([
      ['Network.responseReceivedExtraInfo', { requestId: '7', headersText }],
      ['Network.requestWillBeSent', request],
      ['Network.responseReceived', response],
      ['Network.loadingFinished', { requestId: '7', encodedDataLength: 900 }],
    ])
    expect(transfers).toEqual([{ url: 'http://x/intake/duplicates', method: 'POST', type: 'XHR', status: 200, bytes: 900, headerBytes: headersText.length, encoding: 'gzip' }])
  })

  it('keeps the raw header bytes that arrive after the body', () => {
    const transfers = record([
      ['Network.requestWillBeSent', request],
      ['Network.responseReceived', response],
      ['Network.loadingFinished', { requestId: '7', encodedDataLength: 900 }],
      ['Network.responseReceivedExtraInfo', { requestId: '7', headersText }],
    ])
    expect(transfers[0]!.headerBytes).toBe(headersText.length)
  })
})
