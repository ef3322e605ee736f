// greeter: a small HTTP service, the app of the scratch lab. -certs says how many CA
// certificates it can verify TLS servers with: none on a bare scratch image. -config reads
// its settings file, which holds a password: only greeter's user may read it.
package main

import (
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

const version = "1.0.0"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	showCerts := flag.Bool("certs", false, "count the system's CA certificates and exit (1 when there are none)")
	configPath := flag.String("config", "", "read this settings file, say how big it is and exit (1 when it cannot be read)")
	flag.Parse()
	if *showVersion {
		fmt.Println("greeter", version)
		return
	}
	if *showCerts {
		os.Exit(countCertificates())
	}
	if *configPath != "" {
		data, err := os.ReadFile(*configPath)
		if err != nil {
			fmt.Println("cannot read the settings:", err)
			os.Exit(1)
		}
		fmt.Printf("settings: %d bytes from %s\n", len(data), *configPath)
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello from a Go binary on scratch!")
	})
	log.Printf("greeter %s listening on port %s", version, port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}

// countCertificates prints how many CA certificates Go found where Linux keeps them
// (/etc/ssl/certs/ca-certificates.crt and the like); an HTTPS call needs at least one.
func countCertificates() int {
	pool, err := x509.SystemCertPool()
	if err != nil {
		fmt.Println("no CA certificates:", err)
		return 1
	}
	//lint:ignore SA1019 Subjects lists the system roots on Linux, which is all this counts.
	count := len(pool.Subjects())
	if count == 0 {
		fmt.Println("no CA certificates: HTTPS calls would fail with \"x509: certificate signed by unknown authority\"")
		return 1
	}
	fmt.Printf("%d CA certificates\n", count)
	return 0
}
