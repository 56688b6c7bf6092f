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
// fronts it with a wire-protocol proxy that runs write commands one at a time (reads stay concurrent).
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

var writeLock sync.Mutex

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
		Listener:  ferretdb.ListenerConfig{Unix: sock},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
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
		write := isWrite(req)
		if write {
			writeLock.Lock()
		}
		err = exchange(req, client, server)
		if write {
			writeLock.Unlock()
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

// isWrite reads the command name: the first key of the OP_MSG body section (kind 0).
func isWrite(msg []byte) bool {
	if opCode(msg) != opMsg || len(msg) < 21+4+2 {
		return false
	}
	body := msg[20:]
	if body[0] != 0 { // the body section comes first in every driver's messages
		return false
	}
	doc := body[1:]
	if len(doc) < 6 {
		return false
	}
	elems := doc[5:] // skip int32 length and the element type byte
	end := 0
	for end < len(elems) && elems[end] != 0 {
		end++
	}
	return writeCommands[string(elems[:end])]
}
