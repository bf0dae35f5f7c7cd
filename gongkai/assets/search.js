/* gongkai search: the records containing the query, exactly, from the static index under search/.
 * The format is described in gongkai/render/search.py; tests/test_search_index.py mirrors this
 * file in Python. No framework, no outside request. Exposes window.__gongkaiSearchTiming. */
(function () {
  "use strict";
  var PAGE_SIZE = 20;
  var WS = "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
  var WS_RUN = new RegExp("[" + WS + "]+", "g");
  var WS_EDGES = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var WS_ONE = new RegExp("^[" + WS + "]$");
  var script = document.currentScript;
  var results = document.querySelector("[data-search-results]");
  if (!script || !results) return;
  var siteRoot = new URL("../../", script.src);
  var indexRoot = new URL(results.getAttribute("data-search-index") || "search/", siteRoot);
  var form = document.getElementById("gk-search-form");
  var input = document.getElementById("gk-search-q");
  var typeSelect = document.getElementById("gk-search-type");
  var agencySelect = document.getElementById("gk-search-agency");  // on a site that declares agencies
  var summary = document.getElementById("gk-search-summary");
  var countEl = document.querySelector("[data-search-count]");
  var statusEl = document.getElementById("gk-search-status");
  var pager = document.getElementById("gk-search-pager");
  var now = function () { return performance.now(); };

  // -- normalisation: NFC, then per code point NFKC + lower case, whitespace runs to one space --
  var folds = new Map();
  function foldChar(ch) {
    var code = ch.codePointAt(0);
    if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
    var folded = folds.get(ch);
    if (folded === undefined) folds.set(ch, folded = ch.normalize("NFKC").toLowerCase());
    return folded;
  }
  function normaliseQuery(text) {
    var out = "";
    for (var ch of text.normalize("NFC")) out += foldChar(ch);
    return out.replace(WS_RUN, " ").replace(WS_EDGES, "");
  }
  // Displayed text -> its normalised form, with the displayed range of each normalised code unit.
  function mapped(text) {
    var out = "", from = [], to = [], space = false, i = 0;
    for (var ch of text) {
      var end = i + ch.length;
      for (var piece of foldChar(ch)) {
        if (WS_ONE.test(piece)) {
          if (space) continue;
          piece = " ";
          space = true;
        } else space = false;
        out += piece;
        for (var k = 0; k < piece.length; k++) { from.push(i); to.push(end); }
      }
      i = end;
    }
    return { text: out, from: from, to: to };
  }

  // -- fetching, each file once ----------------------------------------------------------------
  // The data files of a build lie under search/<stamp>/, the stamp named by the manifest: files
  // are only ever read with the manifest of their own build (see gongkai/render/search.py).
  var FORMAT_VERSION = 17;
  var cache = new Map(), lastArrival = 0;
  function arrived(value) { lastArrival = now(); return value; }
  function download(path, kind, init) {
    return fetch(new URL(path, indexRoot), init).then(function (response) {
      if (!response.ok) {
        var error = new Error(response.status + " " + path);
        error.missing = response.status === 404;
        throw error;
      }
      if (kind === "json") return response.json().then(arrived);
      if (kind === "text") return response.text().then(arrived);
      var bytes = response.arrayBuffer().then(function (b) { arrived(); return new Uint8Array(b); });
      return kind === "z" ? bytes.then(inflate) : bytes;
    });
  }
  // zlib data ("deflate"), as the index stores its compressed files; raw deflate: a record's head
  function inflate(bytes, format) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format || "deflate"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  function get(path, kind) {  // a data file of the current manifest's build
    var key = manifest.stamp + "/" + path;
    if (!cache.has(key)) {
      cache.set(key, download(key, kind));
      cache.get(key).catch(function () { cache.delete(key); });
    }
    return cache.get(key);
  }
  var manifest = null, manifestLoad = null, frequent = null, common = null, longest = 2;
  function fetchManifest(fresh) {  // fresh: past the HTTP cache
    return download("index.json", "json", fresh ? { cache: "reload" } : undefined).then(function (m) {
      if (m.version === FORMAT_VERSION && m.stamp) return m;
      if (!fresh) return fetchManifest(true);  // a cached manifest of an older format: once more
      throw new Error("检索索引格式 " + m.version + " 与本页（" + FORMAT_VERSION + "）不符");
    });
  }
  function useManifest(m) {
    if (manifest && manifest.stamp !== m.stamp) cache.clear();
    manifest = m;
    frequent = new Set(m.frequent ? m.frequent.split("\n") : []);
    common = new Set(Array.from(m.common || ""));
    longest = 2;
    frequent.forEach(function (g) { longest = Math.max(longest, Array.from(g).length + 1); });
    manifestLoad = Promise.resolve(m);
    return m;
  }
  // Every search after the first asks whether the manifest changed (a conditional request: a
  // 304 when it did not): most of a small index is cached after a few searches, so a rebuild
  // would otherwise go unnoticed, no file of the old build being missing.
  function loadManifest() {
    if (manifest) {
      var current = manifest;
      return download("index.json", "json", { cache: "no-cache" }).then(function (m) {
        return m.version === FORMAT_VERSION && m.stamp && m.stamp !== manifest.stamp ? useManifest(m) : manifest;
      }, function () { return current; });
    }
    if (!manifestLoad) {
      manifestLoad = fetchManifest(false).then(useManifest);
      manifestLoad.catch(function () { manifestLoad = null; });
    }
    return manifestLoad;
  }
  // A file of the manifest's build is gone: the site was rebuilt since the manifest was read.
  // Read the manifest once more (past the HTTP cache); only a newer build is worth a retry.
  function reloadManifest(error) {
    if (!error.missing || !manifest) return Promise.reject(error);
    var stale = manifest.stamp;
    return fetchManifest(true).then(function (m) {
      if (m.stamp === stale) throw error;
      return useManifest(m);
    });
  }

  // -- the index -------------------------------------------------------------------------------
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h >>> 0;
  }
  function shardPath(gram) { return "s/" + (fnv1a(gram) % manifest.shards) + ".bin"; }
  function gramFile(gram) {
    return "g/" + Array.from(gram, function (c) { return c.codePointAt(0).toString(16); }).join("-") + ".bin";
  }
  function Reader(data, at) { this.data = data; this.at = at || 0; }
  Reader.prototype.next = function () {
    var value = 0, shift = 0, byte;
    do {
      byte = this.data[this.at++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte >= 0x80);
    return value;
  };
  var directories = new WeakMap();  // by the shard's bytes: a directory never outlives its build
  function directory(data) {  // gram -> [start, end] of its list in a shard
    var found = directories.get(data);
    if (found) return found;
    var r = new Reader(data), count = r.next(), keys = [], sizes = [], i;
    for (i = 0; i < count; i++) {
      var units = r.next(), key = "";
      for (var k = 0; k < units; k++) key += String.fromCharCode(data[r.at + 2 * k] | (data[r.at + 2 * k + 1] << 8));
      r.at += 2 * units;
      keys.push(key);
      sizes.push(r.next());
    }
    found = new Map();
    for (i = 0; i < count; i++) { found.set(keys[i], [r.at, r.at + sizes[i]]); r.at += sizes[i]; }
    directories.set(data, found);
    return found;
  }
  function positional(gram) {  // record number -> positions (ascending), or null when absent
    var path = shardPath(gram);
    return get(path, "z").then(function (data) {
      var range = directory(data).get(gram);
      if (!range) return null;
      return positionalList(data, range[0], range[1]);
    });
  }
  // Exp-Golomb codes in the bytes [start, end) of data, most significant bit first, then zero
  // bits up to a whole byte: `more()` says whether a code is left, `next(order)` reads one.
  function Codes(data, start, end) {
    this.data = data;
    this.at = start * 8;
    this.last = end * 8 - 1;  // the last one bit: the rest is padding
    while (this.last >= this.at && !(data[this.last >> 3] & (0x80 >> (this.last & 7)))) this.last--;
  }
  Codes.prototype.more = function () { return this.at <= this.last; };
  Codes.prototype.bit = function () { var at = this.at++; return (this.data[at >> 3] >> (7 - (at & 7))) & 1; };
  Codes.prototype.next = function (order) {  // w = value + 2^order, in binary behind n - order zeros
    var zeros = 0, value = 1, k;
    while (!this.bit()) zeros++;
    for (k = zeros + order; k > 0; k--) value = value * 2 + this.bit();
    return value - Math.pow(2, order);
  };
  // A positional list: a byte of two Exp-Golomb orders (gaps << 4 | values), then per record the
  // code of its gap, per occurrence that of (delta << 1 | more).
  function positionalList(data, start, end) {
    var codes = new Codes(data, start + 1, end), lists = new Map(), number = -1;
    var gapOrder = data[start] >> 4, valueOrder = data[start] & 15;
    while (codes.more()) {
      number += codes.next(gapOrder) + 1;
      var positions = [], p = 0, coded;
      do {
        coded = codes.next(valueOrder);
        positions.push(p += Math.floor(coded / 2));
      } while (coded % 2 === 1);
      lists.set(number, positions);
    }
    return lists;
  }
  // A summary list: a byte of two Exp-Golomb orders (gaps << 4 | values), a byte saying where the
  // gram is in titles (0 in none, 1 in every record's, 2 a flag each), then per record the code of
  // its gap and that of count - 1 (<< 1 | in title, with 2).
  function summaryList(gram) {  // hits straight from a summary list (single characters, frequent grams)
    var own = frequent.has(gram) || common.has(gram);
    var path = own ? gramFile(gram) : "c/" + (fnv1a(gram) % manifest.characterShards) + ".bin";
    return get(path, "z").then(function (data) {
      var hits = [], range = own ? [0, data.length] : directory(data).get(gram);
      if (!range) return hits;
      var start = range[0], gapOrder = data[start] >> 4, valueOrder = data[start] & 15, titles = data[start + 1];
      var codes = new Codes(data, start + 2, range[1]), number = -1, value;
      while (codes.more()) {
        number += codes.next(gapOrder) + 1;
        value = codes.next(valueOrder);
        if (titles === 2) hits.push({ n: number, c: Math.floor(value / 2) + 1, t: value % 2 === 1, f: null });  // f: from the text
        else hits.push({ n: number, c: value + 1, t: titles === 1, f: null });
      }
      return hits;
    });
  }
  // A rare gram's bucket: its records among those of other rare grams (ascending), or [] if none.
  function bucketRecords(gram) {
    var bucket = fnv1a(gram) % manifest.buckets, per = manifest.bucketShard;
    return get("b/" + Math.floor(bucket / per) + ".bin", "z").then(function (data) {
      var r = new Reader(data), skip = 0, size = 0, records = [], number = -1, k;
      var held = Math.min(per, manifest.buckets - Math.floor(bucket / per) * per);  // the last shard: fewer
      for (k = 0; k < held; k++) {
        var s = r.next();
        if (k < bucket % per) skip += s; else if (k === bucket % per) size = s;
      }
      var codes = new Codes(data, r.at + skip, r.at + skip + size);
      while (codes.more()) records.push(number += codes.next(manifest.bucketOrder) + 1);
      return records;
    });
  }
  function normaliseField(text) {  // as gongkai.render.search.text.normalise (display text is NFC)
    var out = "";
    for (var ch of text) out += foldChar(ch);
    return out.replace(WS_RUN, " ");
  }
  function normalisedRest(entry) { return entry.x.split("\n").map(normaliseField).join("\n"); }
  function occurrences(text, query) {
    var count = 0, at = text.indexOf(query);
    while (at >= 0) { count++; at = text.indexOf(query, at + 1); }
    return count;
  }
  // The candidates whose own text holds the query (their text packs, which the snippets need anyway).
  function verify(query, candidates) {
    return Promise.all(candidates.map(function (n) { return entryOf(n, true); })).then(function (entries) {
      var hits = [];
      entries.forEach(function (entry, i) {
        var title = normaliseField(entry.t), rest = normalisedRest(entry);
        var count = occurrences(title, query) + occurrences(rest, query);
        if (count) hits.push({ n: candidates[i], c: count, t: title.indexOf(query) >= 0, f: rest.indexOf(query) });
      });
      return hits;
    });
  }
  function indexed(cps, start, end) {
    return end - start === 2 || frequent.has(cps.slice(start, end - 1).join("")) || frequent.has(cps.slice(start + 1, end).join(""));
  }
  function cover(cps) {  // the cheapest positional grams covering every character: [[start, gram]]
    var best = [{ cost: 0, grams: [] }], end, start, j;
    for (end = 1; end <= cps.length; end++) best.push({ cost: Infinity, grams: null });
    for (end = 2; end <= cps.length; end++) {
      for (start = Math.max(0, end - longest); start < end - 1; start++) {  // no longer gram is indexed
        var gram = cps.slice(start, end).join("");
        if (!indexed(cps, start, end) || frequent.has(gram)) continue;
        var cost = (directories.has(shardPath(gram)) ? 0 : 1) + 0.01 / (end - start);
        for (j = start; j < end; j++) {
          if (best[j].cost + cost < best[end].cost) best[end] = { cost: best[j].cost + cost, grams: best[j].grams.concat([[start, gram]]) };
        }
      }
    }
    return best[cps.length].grams;
  }
  function contains(sorted, value) {
    var low = 0, high = sorted.length - 1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) low = mid + 1; else high = mid - 1;
    }
    return false;
  }
  function hitOf(number, starts) {
    var first = -1, span = manifest.titleSpan;
    for (var i = 0; i < starts.length; i++) if (starts[i] >= span) { first = starts[i] - span; break; }
    return { n: number, c: starts.length, t: starts[0] < span, f: first };
  }
  function find(query) {  // -> Promise of unsorted hits
    var cps = Array.from(query);
    if (cps.length === 1 || frequent.has(query)) return summaryList(query);
    if (indexed(cps, 0, cps.length)) {
      return positional(query).then(function (lists) {
        if (!lists) return bucketRecords(query).then(function (records) { return verify(query, records); });
        var hits = [];
        lists.forEach(function (starts, number) { hits.push(hitOf(number, starts)); });
        return hits;
      });
    }
    var chosen = cover(cps);
    return Promise.all(chosen.map(function (c) {
      return positional(c[1]).then(function (l) { return l || bucketRecords(c[1]); });
    })).then(function (lists) {
      if (lists.some(Array.isArray)) {  // a rare gram: candidates in every list, verified in their text
        var candidates = null;
        lists.forEach(function (l) {
          var records = Array.isArray(l) ? l : Array.from(l.keys());
          candidates = candidates === null ? records : candidates.filter(function (n) {
            return Array.isArray(l) ? contains(l, n) : l.has(n);
          });
        });
        return verify(query, candidates);
      }
      var smallest = lists.reduce(function (a, b) { return b.size < a.size ? b : a; });
      var hits = [];
      smallest.forEach(function (_, number) {
        var anchor = lists[0].get(number), others = [];
        if (!anchor) return;
        for (var k = 1; k < lists.length; k++) {
          var found = lists[k].get(number);
          if (!found) return;
          others.push([chosen[k][0], found]);
        }
        var matches = anchor.filter(function (p) {
          return others.every(function (o) { return contains(o[1], p + o[0]); });
        });
        if (matches.length) hits.push(hitOf(number, matches));
      });
      return hits;
    });
  }
  // Record n's text: its own compressed bytes in pack floor(n / pack), fetched with a range
  // request; where they lie, from the stored sizes of its group of records (o/<g>.bin); packs.bin
  // holds the rank table and the preset dictionary. A server that ignores ranges sends the whole
  // pack, kept for the pack's other records. A long record is cut: its head (o/ gives its size),
  // read alone, is its JSON up to manifest.head characters into "x"; a hit on screen whose
  // snippet lies in it costs only that (shownEntry).
  var packsOf = new WeakMap(), sizesOf = new WeakMap();
  function packDirectory() {  // -> {table, prefix: zlib header + the dictionary as a stored block, size}
    return get("packs.bin", "z").then(function (data) {
      var found = packsOf.get(data);
      if (found) return found;
      var r = new Reader(data), units = r.next(), table = new Uint16Array(units), i;
      for (i = 0; i < units; i++) table[i] = data[r.at + 2 * i] | (data[r.at + 2 * i + 1] << 8);
      r.at += 2 * units;
      var size = r.next();
      var prefix = new Uint8Array(size ? 7 + size : 2);
      prefix[0] = 0x78; prefix[1] = 0x9c;  // zlib, no preset dictionary: the stream carries it
      if (size) {  // a stored block, not final: BFINAL 0, BTYPE 00, LEN, NLEN
        prefix[2] = 0; prefix[3] = size & 0xff; prefix[4] = size >> 8;
        prefix[5] = ~size & 0xff; prefix[6] = (~size >> 8) & 0xff;
        prefix.set(data.subarray(r.at, r.at + size), 7);
      }
      found = { table: table, prefix: prefix, size: size, raw: prefix.subarray(2) };  // raw: no zlib header
      packsOf.set(data, found);
      return found;
    });
  }
  function recordRange(number) {  // -> [start, end) of record n's bytes in its pack, its head's size
    var group = Math.floor(number / manifest.sizeGroup), first = group * manifest.sizeGroup;
    return get("o/" + group + ".bin", "z").then(function (data) {
      var found = sizesOf.get(data), at = 0;
      if (!found) {  // the stored sizes, then as many heads' sizes (0: not cut)
        var r = new Reader(data), values = [];
        while (r.at < data.length) values.push(r.next());
        var offsets = [0], held = values.length / 2;
        for (var i = 0; i < held; i++) offsets.push(at += values[i]);
        sizesOf.set(data, found = { offsets: offsets, heads: values.slice(held) });
      }
      var base = found.offsets[Math.floor(number / manifest.pack) * manifest.pack - first];
      return [found.offsets[number - first] - base, found.offsets[number - first + 1] - base, found.heads[number - first]];
    });
  }
  // A record's text coded by character rank (gongkai/render/search/packs.py): a byte under 0x80
  // is a rank, 0x80 | high, low a rank from 128, 0xFF a code unit (little-endian).
  function decodeText(data, table) {
    var units = new Uint16Array(data.length), n = 0, i = 0, text = "", k;
    while (i < data.length) {
      var b = data[i];
      if (b < 0x80) { units[n++] = table[b]; i += 1; }
      else if (b < 0xff) { units[n++] = table[128 + (((b & 0x7f) << 8) | data[i + 1])]; i += 2; }
      else { units[n++] = data[i + 1] | (data[i + 2] << 8); i += 3; }
    }
    for (k = 0; k < n; k += 8192) text += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)));
    return text;
  }
  function packRange(path, start, end) {  // -> bytes [start, end) of a text pack
    var whole = manifest.stamp + "/" + path;
    var bytes = cache.has(whole) ? cache.get(whole) : fetch(new URL(whole, indexRoot), {
      headers: { Range: "bytes=" + start + "-" + (end - 1) }
    }).then(function (response) {
      if (response.status === 206) return response.arrayBuffer().then(function (b) { arrived(); return new Uint8Array(b); });
      if (!response.ok) {
        var error = new Error(response.status + " " + path);
        error.missing = response.status === 404;
        throw error;
      }
      var full = response.arrayBuffer().then(function (b) { arrived(); return new Uint8Array(b); });
      cache.set(whole, full);
      return full;
    });
    return bytes.then(function (data) {
      return data.length === end - start ? data : data.subarray(start, end);
    });
  }
  var FINAL_EMPTY_BLOCK = new Uint8Array([1, 0, 0, 255, 255]);
  // A head is raw deflate (Chrome 103, Firefox 113, Safari 16.4); an older Chromium, which reads the
  // zlib data of the rest of the index (Chrome 80), reads every record whole instead.
  var READS_HEADS = (function () {
    try { return !!new DecompressionStream("deflate-raw"); } catch (e) { return false; }
  })();
  function joined(parts) {
    var size = 0, at = 0;
    parts.forEach(function (p) { size += p.length; });
    var out = new Uint8Array(size);
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  // Record n's entry (whole), or with `whole` false its head (entry.cut true) if it is cut.
  function entryOf(number, whole) {
    var key = manifest.stamp + (whole ? "/e/" : "/h/") + number, headKey = manifest.stamp + "/hb/" + number;
    if (cache.has(key)) return cache.get(key);
    if (!whole && cache.has(manifest.stamp + "/e/" + number)) return cache.get(manifest.stamp + "/e/" + number);  // read whole already
    if (!whole && !READS_HEADS) return entryOf(number, true);
    var path = "p/" + Math.floor(number / manifest.pack) + ".bin";
    var loading = Promise.all([packDirectory(), recordRange(number)]).then(function (found) {
      var dictionary = found[0], start = found[1][0], end = found[1][1], head = found[1][2];
      function text(b) { return decodeText(b.subarray(dictionary.size), dictionary.table); }
      if (!head) {  // not cut: the record is its own head
        if (!whole) return entryOf(number, true);
      } else if (!whole) {  // the head alone: raw deflate after the dictionary, an empty final block
        if (!cache.has(headKey)) {
          cache.set(headKey, packRange(path, start, start + head));
          cache.get(headKey).catch(function () { cache.delete(headKey); });
        }
        return cache.get(headKey).then(function (bytes) {
          return inflate(joined([dictionary.raw, bytes, FINAL_EMPTY_BLOCK]), "deflate-raw");
        }).then(function (b) {
          var entry = JSON.parse(text(b) + '"}');
          entry.cut = true;
          return entry;
        });
      }
      var stored = head && cache.has(headKey)  // the head read already: only the rest
        ? Promise.all([cache.get(headKey), packRange(path, start + head, end)]).then(joined)
        : packRange(path, start, end);
      return stored.then(function (bytes) {  // the dictionary in front: one zlib stream, of which the text is the end
        return inflate(joined([dictionary.prefix, bytes]));
      }).then(function (b) { return JSON.parse(text(b)); });
    });
    cache.set(key, loading);
    loading.catch(function () { cache.delete(key); });
    return loading;
  }
  // A hit on screen: its head when its snippet lies there as the whole record would show it; the
  // whole record when not, or when the index puts its first match past the head.
  function shownEntry(hit, query) {
    if (hit.f !== null && hit.f >= manifest.head) return entryOf(hit.n, true);
    return entryOf(hit.n, false).then(function (entry) {
      if (!entry.cut) return entry;
      var f = hit.f !== null ? hit.f : normalisedRest(entry).indexOf(query);
      if (f < 0 && hit.f === null) return entryOf(hit.n, true);  // not in the head: in the rest, or only in the title
      return snippetWindow(entry, f, query).short ? entryOf(hit.n, true) : entry;
    });
  }
  function rank(a, b) { return (b.t - a.t) || (b.c - a.c) || (a.n - b.n); }

  // -- the page --------------------------------------------------------------------------------
  function params() {
    var p = new URLSearchParams(location.search);
    return { q: p.get("q") || "", type: p.get("type") || "", agency: p.get("agency") || "", page: Math.max(1, parseInt(p.get("page"), 10) || 1) };
  }
  function urlFor(state) {
    var p = new URLSearchParams();
    p.set("q", state.q);
    if (state.type) p.set("type", state.type);
    if (state.agency) p.set("agency", state.agency);
    if (state.page > 1) p.set("page", String(state.page));
    return "?" + p.toString();
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function setStatus(text) { statusEl.textContent = text; }
  function cnDate(iso) {
    var d = iso.split("-");
    return d[0] + "年" + parseInt(d[1], 10) + "月" + parseInt(d[2], 10) + "日";
  }
  // Append `text` to `parent`, the occurrences of `query` inside [from, to) marked.
  function highlighted(parent, text, query, from, to) {
    var m = mapped(text), at = 0, spans = [];
    while (query && (at = m.text.indexOf(query, at)) >= 0) {
      spans.push([m.from[at], m.to[at + query.length - 1]]);
      at += 1;
    }
    var cursor = from;
    spans.forEach(function (s) {
      if (s[0] < cursor || s[1] > to) return;
      parent.appendChild(document.createTextNode(text.slice(cursor, s[0])));
      parent.appendChild(el("mark", "", text.slice(s[0], s[1])));
      cursor = s[1];
    });
    parent.appendChild(document.createTextNode(text.slice(cursor, to)));
  }
  // The attachment whose text holds offset `first` (entry.a: [[start, name], ...]), or "".
  function attachmentAt(entry, first) {
    var name = "";
    if (first < 0 || !entry.a) return name;
    entry.a.forEach(function (a) { if (a[0] <= first) name = a[1]; });
    return name;
  }
  // The text a snippet shows, [start, end) of it; `short`: the entry is a head (entry.cut) whose
  // text may end before what the whole record's snippet shows, or hold a match nearer to `f`.
  function snippetWindow(entry, f, query) {
    var text = entry.x.split("\n").filter(Boolean).join(" · ");
    var m = mapped(text), start = 0, reach = 0;
    if (f >= 0) {  // the occurrence nearest to where the index says the first one is
      var want = f, best = -1, at = 0;
      while ((at = m.text.indexOf(query, at)) >= 0) {
        if (best < 0 || Math.abs(at - want) < Math.abs(best - want)) best = at;
        at += 1;
      }
      if (best >= 0) start = Math.max(0, m.from[best] - 30);
      reach = best < 0 ? Infinity : want + Math.abs(best - want) + query.length + 1;
    }
    var end = Math.min(text.length, start + 120);
    if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start -= 1;
    if (end < text.length && /[\udc00-\udfff]/.test(text[end])) end += 1;
    return { text: text, start: start, end: end, short: !!entry.cut && (m.text.length < reach || end + 1 >= text.length) };
  }
  function snippet(entry, hit, query) {
    var w = snippetWindow(entry, hit.f, query), text = w.text, start = w.start, end = w.end;
    var p = el("p", "gk-hit__snippet");
    var source = attachmentAt(entry, hit.f);
    if (source) p.appendChild(el("span", "gk-hit__attachment", "附件《" + source + "》："));
    if (start > 0) p.appendChild(document.createTextNode("……"));
    highlighted(p, text, hit.f >= 0 ? query : "", start, end);
    if (end < text.length) p.appendChild(document.createTextNode("……"));
    return p;
  }
  function renderHit(hit, entry, query) {
    var li = el("li", "gk-hit"), heading = el("h2", "gk-hit__title"), a = el("a");
    var target = new URL(entry.u, siteRoot);  // another site's page: the province portal's hits
    a.href = target.origin === siteRoot.origin ? target.pathname : target.href;
    highlighted(a, entry.t, query, 0, entry.t.length);
    heading.appendChild(a);
    li.appendChild(heading);
    var meta = el("p", "gk-hit__meta");
    meta.appendChild(el("span", "gk-hit__type", manifest.types[entry.k][1]));
    var time = el("time", "", cnDate(entry.d));
    time.setAttribute("datetime", entry.d);
    meta.appendChild(time);
    if (entry.n) meta.appendChild(el("span", "gk-hit__number", entry.n));
    li.appendChild(meta);
    li.appendChild(snippet(entry, hit, query));
    return li;
  }
  function renderPager(state, pages) {
    pager.textContent = "";
    pager.hidden = pages <= 1;
    if (pages <= 1) return;
    var list = el("ul");
    function item(page, label, current) {
      var li = el("li"), node;
      if (current) {
        node = el("span", "gk-pager__current", label);
        node.setAttribute("aria-current", "page");
      } else {
        node = el("a", "", label);
        node.href = urlFor({ q: state.q, type: state.type, agency: state.agency, page: page });
        node.setAttribute("data-page", String(page));
        // The name starts with the visible text (WCAG 2.5.3: a speech user says what is shown).
        if (label !== String(page)) node.setAttribute("aria-label", label + "，第 " + page + " 页");
      }
      li.appendChild(node);
      list.appendChild(li);
    }
    if (state.page > 1) item(state.page - 1, "上一页");
    var shown = [1, pages], p;
    for (p = state.page - 2; p <= state.page + 2; p++) if (p > 1 && p < pages) shown.push(p);
    shown = shown.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    shown.forEach(function (page, i) {
      if (i && page - shown[i - 1] > 1) list.appendChild(el("li", "gk-pager__gap", "…"));
      item(page, String(page), page === state.page);
    });
    if (state.page < pages) item(state.page + 1, "下一页");
    pager.appendChild(list);
  }

  var latest = 0, baseTitle = document.title;
  function run(state) {
    var token = ++latest;
    var timing = { query: state.q, submit: now() };
    var query = normaliseQuery(state.q);
    input.value = state.q;
    if (typeSelect) typeSelect.value = state.type;
    if (agencySelect) agencySelect.value = state.agency;
    var header = document.getElementById("gk-header-q");
    if (header) header.value = state.q;
    results.textContent = "";
    results.setAttribute("data-search-state", "busy");
    pager.hidden = true;
    summary.hidden = true;
    if (!query) {
      setStatus(state.q ? "请输入有效的检索词。" : "请输入要查找的字词，例如文件名称中的词语或文号。");
      results.setAttribute("data-search-state", "idle");
      return Promise.resolve();
    }
    if (typeof DecompressionStream === "undefined") {  // the index is zlib data (Chrome 80, Firefox 113, Safari 16.4)
      setStatus("您的浏览器版本较旧，无法使用站内检索。请升级浏览器，或浏览公开目录和各栏目查找。");
      results.setAttribute("data-search-state", "unsupported");
      return Promise.resolve();
    }
    setStatus("正在检索……");
    // Time spent here after the data arrived (decoding, intersecting, sorting, rendering), apart
    // from time waiting for the network: timing.render.
    var compute = 0;
    function since(start) { return now() - Math.max(start, lastArrival, timing.submit); }
    function attempt() {  // hits, the page of them shown and their snippet entries, from one build
      var stamp = null;
      return loadManifest().then(function (m) {
        stamp = m.stamp;
        var start = now();
        return find(query).then(function (hits) { compute += since(start); return hits; });
      }).then(function (hits) {
        var typeIndex = -1;
        manifest.types.forEach(function (t, i) { if (t[0] === state.type) typeIndex = i; });
        if (typeIndex < 0) return hits;
        return get("types.txt", "text").then(function (types) {
          return hits.filter(function (h) { return types.charCodeAt(h.n) - 48 === typeIndex; });
        });
      }).then(function (hits) {  // the filter by agency: agencies.txt, one character per record
        var agencyIndex = -1;
        (manifest.agencies || []).forEach(function (a, i) { if (a[0] === state.agency) agencyIndex = i; });
        if (agencyIndex < 0) return hits;
        return get("agencies.txt", "text").then(function (owners) {
          return hits.filter(function (h) { return owners.charCodeAt(h.n) - 48 === agencyIndex; });
        });
      }).then(function (hits) {
        var start = now();
        hits.sort(rank);
        var pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
        var page = Math.min(state.page, pages);
        var shown = hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        compute += now() - start;
        return Promise.all(shown.map(function (h) { return shownEntry(h, query); })).then(function (entries) {
          // Another search switched to a newer build meanwhile: these numbers may be of the old one.
          if (manifest.stamp !== stamp) return attempt();
          shown.forEach(function (h, i) { if (h.f === null) h.f = normalisedRest(entries[i]).indexOf(query); });
          return { hits: hits, pages: pages, page: page, shown: shown, entries: entries };
        });
      });
    }
    return attempt().catch(function (error) {
      return reloadManifest(error).then(attempt);
    }).then(function (found) {
      var hits = found.hits, pages = found.pages, page = found.page, shown = found.shown, entries = found.entries;
      if (token !== latest) return;
      timing.data = Math.max(lastArrival, timing.submit);
      var fragment = document.createDocumentFragment();
      shown.forEach(function (h, i) { fragment.appendChild(renderHit(h, entries[i], query)); });
      results.textContent = "";
      results.start = (page - 1) * PAGE_SIZE + 1;
      results.appendChild(fragment);
      countEl.textContent = String(hits.length);
      var label = "";
      manifest.types.forEach(function (t) { if (t[0] === state.type) label = t[1]; });
      (manifest.agencies || []).forEach(function (a) { if (a[0] === state.agency) label = a[1] + (label ? " · " + label : ""); });
      document.getElementById("gk-search-query").textContent = state.q.trim();
      document.getElementById("gk-search-scope").textContent = label ? "（" + label + "）" : "";
      document.getElementById("gk-search-page").textContent = pages > 1 ? "，第 " + page + "/" + pages + " 页" : "";
      summary.hidden = false;
      setStatus(hits.length ? "" : "没有找到包含该字词的公开信息。请检查用字，或换一个较短的词再试。");
      renderPager({ q: state.q, type: state.type, agency: state.agency, page: page }, pages);
      document.title = state.q.trim() + " - " + baseTitle;
      timing.rendered = now();
      timing.render = timing.rendered - timing.data + compute;
      timing.total = timing.rendered - timing.submit;
      results.setAttribute("data-search-state", "done");
      window.__gongkaiSearchTiming = timing;
    }).catch(function (error) {
      if (token !== latest) return;
      setStatus("检索暂时无法完成（" + error.message + "）。请稍后重试，或浏览公开目录。");
      results.setAttribute("data-search-state", "error");
    });
  }

  function go(state, focus) {
    history.pushState(null, "", urlFor(state));
    return run(state).then(function () { if (focus) focus.focus(); });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    go({ q: input.value, type: typeSelect ? typeSelect.value : "", agency: agencySelect ? agencySelect.value : "", page: 1 });
  });
  var headerForm = document.getElementById("gk-header-search");
  if (headerForm) {
    headerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      go({ q: document.getElementById("gk-header-q").value, type: "", agency: "", page: 1 });
    });
  }
  pager.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-page]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var state = params();
    state.page = parseInt(link.getAttribute("data-page"), 10);
    go(state, document.getElementById("gk-search-summary"));
  });
  window.addEventListener("popstate", function () { run(params()); });
  window.gongkaiSearch = { normalise: normaliseQuery, run: function (q, type, page, agency) { return go({ q: q, type: type || "", agency: agency || "", page: page || 1 }); } };
  document.getElementById("gk-search-app").hidden = false;
  run(params());
})();
