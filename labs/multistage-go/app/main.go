// greeter: a small HTTP service, the app of the Go lab.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

const version = "1.0.0"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("greeter", version)
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello from a Go binary in a tiny image!")
	})
	log.Printf("greeter %s listening on port %s", version, port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
