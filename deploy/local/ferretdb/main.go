// Command ferretdb-embedded runs FerretDB 1.24 (MongoDB wire protocol) on the SQLite backend, for local
// runs and tests.
//
// It embeds FerretDB's public `ferretdb` package instead of building cmd/ferretdb, whose version check
// panics when built outside FerretDB's own repository (no generated version.txt). Telemetry is off: the
// embedded package never starts the telemetry reporter.
//
// FerretDB 1.x executes an update as "query, then write" with nothing in between to stop a concurrent
// update of the same document (internal/handler/msg_update.go): 200 concurrent $inc on one document
// leave it at 3. MongoDB guarantees single-document atomicity, and the platform's outbox and
// idempotent consumers rely on it. So FerretDB listens on a private Unix socket and this program
// fronts it with a wire-protocol proxy that runs the write commands on one collection one at a time
// (reads, and writes to other collections, stay concurrent). A write that cannot get its
// collection's turn within lockWait proceeds anyway, logged: a stuck request must not stall the rest.
//
// FERRETDB_PROXY_STATS=10s logs, every period, per collection written (and the reads together): how many, the
// time waiting for the collection's turn and the time FerretDB took (what a write waits for, and behind whom).
//
// Inserts keep the turn (measured, issue 17 wave 11): an insert of new documents reads nothing before it writes,
// so it could skip the turn, but then it meets the relay's acknowledgements of the same collection in SQLite's
// single writer lock, whose busy handler sleeps (1, 2, 5, 10 ms...) instead of queueing: the store's own
// registration ceiling fell from 371-988/s to 252-911/s, FerretDB's CPU per registration rose, in alternating
// runs on the same store (load average 43-49: tools/bench/results/registration.md, "Wave 11").
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const (
	opMsg       = 2013
	moreToCome  = 1 << 1
	maxMsgBytes = 48 << 20
)

// writeCommands change documents: they are serialised to restore MongoDB's single-document atomicity.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"createIndexes": true, "dropIndexes": true, "drop": true, "create": true, "dropDatabase": true,
}

const lockWait = 10 * time.Second

// namespace locks: one single-slot channel per "db.collection", so a wait can time out
var (
	locksMu sync.Mutex
	locks   = map[string]chan struct{}{}
)

func lockFor(ns string) chan struct{} {
	locksMu.Lock()
	defer locksMu.Unlock()
	l, ok := locks[ns]
	if !ok {
		l = make(chan struct{}, 1)
		locks[ns] = l
	}
	return l
}

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", ".infra/ferretdb/data", "directory for the SQLite databases")
	flag.Parse()

	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatalf("ferretdb-embedded: bad data dir %q: %v", *dataDir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatalf("ferretdb-embedded: cannot create data dir %q: %v", abs, err)
	}
	sock := filepath.Join(abs, "ferretdb.sock")
	_ = os.Remove(sock)

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{Unix: sock},
		Handler:  "sqlite",
		// WAL with synchronous=NORMAL: durable across process crashes, no fsync per commit (local data)
		SQLiteURL: "file:" + abs + "/?_pragma=journal_mode(wal)&_pragma=synchronous(normal)",
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		log.Fatalf("ferretdb-embedded: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("ferretdb-embedded: %v", err)
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	fmt.Printf("ferretdb-embedded listening on %s (SQLite data in %s)\n", *listen, abs)

	for {
		client, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			log.Printf("ferretdb-embedded: accept: %v", err)
			continue
		}
		go serve(client, sock)
	}
	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatalf("ferretdb-embedded: %v", err)
	}
}

// serve relays one client connection, request by request, to FerretDB's socket.
func serve(client net.Conn, sock string) {
	defer client.Close()
	server, err := net.Dial("unix", sock)
	if err != nil {
		log.Printf("ferretdb-embedded: cannot reach FerretDB: %v", err)
		return
	}
	defer server.Close()

	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		var held chan struct{}
		t0 := time.Now()
		ns, ok := writeNamespace(req)
		if ok {
			l := lockFor(ns)
			select {
			case l <- struct{}{}:
				held = l
			case <-time.After(lockWait):
				log.Printf("ferretdb-embedded: a write on %s waited %s for the previous one; proceeding unserialised", ns, lockWait)
			}
		}
		t1 := time.Now()
		err = exchange(req, client, server)
		if held != nil {
			<-held
		}
		if statsEvery > 0 {
			if !ok {
				ns = "reads and other commands"
			}
			record(ns, t1.Sub(t0), time.Since(t1), ok)
		}
		if err != nil {
			return
		}
	}
}

// exchange sends one request and relays its reply (none for a fire-and-forget OP_MSG).
func exchange(req []byte, client, server net.Conn) error {
	if _, err := server.Write(req); err != nil {
		return err
	}
	if opCode(req) == opMsg && flags(req)&moreToCome != 0 {
		return nil
	}
	for {
		resp, err := readMessage(server)
		if err != nil {
			return err
		}
		if _, err := client.Write(resp); err != nil {
			return err
		}
		if opCode(resp) != opMsg || flags(resp)&moreToCome == 0 {
			return nil
		}
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(header[0:4]))
	if n < 16 || n > maxMsgBytes {
		return nil, errors.New("bad message length")
	}
	msg := make([]byte, n)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func opCode(msg []byte) int32 { return int32(binary.LittleEndian.Uint32(msg[12:16])) }

func flags(msg []byte) uint32 {
	if len(msg) < 20 {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[16:20])
}

// writeNamespace returns "db.collection" for a write command: the command name is the first key of
// the OP_MSG body section (kind 0), its value the collection; `$db` is another key of the same document.
func writeNamespace(msg []byte) (string, bool) {
	if opCode(msg) != opMsg || len(msg) < 21+5 || msg[20] != 0 {
		return "", false
	}
	doc := msg[21:]
	n := int(binary.LittleEndian.Uint32(doc[0:4]))
	if n > len(doc) || n < 5 {
		return "", false
	}
	var command, collection, db string
	for i, first := 4, true; i < n-1; first = false {
		typ := doc[i]
		nameEnd := i + 1
		for nameEnd < n && doc[nameEnd] != 0 {
			nameEnd++
		}
		name := string(doc[i+1 : nameEnd])
		v := nameEnd + 1
		size, ok := bsonValueSize(typ, doc[v:n])
		if !ok {
			break
		}
		if typ == 0x02 && size > 4 { // string: int32 length, bytes, NUL
			str := string(doc[v+4 : v+size-1])
			if first {
				command, collection = name, str
			} else if name == "$db" {
				db = str
			}
		} else if first {
			command = name
		}
		i = v + size
	}
	if !writeCommands[command] {
		return "", false
	}
	return db + "." + collection, true
}

var (
	statsEvery = func() time.Duration {
		d, _ := time.ParseDuration(os.Getenv("FERRETDB_PROXY_STATS"))
		return d
	}()
	statsMu sync.Mutex
	stats   = map[string]*[3]float64{}
)

// record adds one request to the period's figures of its namespace (writes) or of the reads.
func record(ns string, wait, run time.Duration, write bool) {
	key := ns
	if write {
		key = "writes on " + ns
	}
	statsMu.Lock()
	defer statsMu.Unlock()
	s, ok := stats[key]
	if !ok {
		s = &[3]float64{}
		stats[key] = s
	}
	s[0]++
	s[1] += float64(wait.Microseconds()) / 1000
	s[2] += float64(run.Microseconds()) / 1000
}

func init() {
	if statsEvery <= 0 {
		return
	}
	go func() {
		for range time.Tick(statsEvery) {
			statsMu.Lock()
			for k, s := range stats {
				log.Printf("stats %-55s n=%6.0f turn wait %9.1f ms (%.2f each), FerretDB %9.1f ms (%.2f each)",
					k, s[0], s[1], s[1]/s[0], s[2], s[2]/s[0])
			}
			stats = map[string]*[3]float64{}
			statsMu.Unlock()
		}
	}()
}

// bsonValueSize is the encoded size of a BSON value of type typ at the start of b.
func bsonValueSize(typ byte, b []byte) (int, bool) {
	i32 := func() int {
		if len(b) < 4 {
			return -1
		}
		return int(binary.LittleEndian.Uint32(b[0:4]))
	}
	switch typ {
	case 0x01, 0x09, 0x11, 0x12: // double, datetime, timestamp, int64
		return 8, len(b) >= 8
	case 0x02, 0x0D, 0x0E: // string, code, symbol
		l := i32()
		return 4 + l, l >= 1 && 4+l <= len(b)
	case 0x03, 0x04: // document, array
		l := i32()
		return l, l >= 5 && l <= len(b)
	case 0x05: // binary
		l := i32()
		return 5 + l, l >= 0 && 5+l <= len(b)
	case 0x07: // ObjectId
		return 12, len(b) >= 12
	case 0x08: // bool
		return 1, len(b) >= 1
	case 0x0A, 0x06, 0x7F, 0xFF: // null, undefined, max key, min key
		return 0, true
	case 0x10: // int32
		return 4, len(b) >= 4
	case 0x13: // decimal128
		return 16, len(b) >= 16
	}
	return 0, false
}
