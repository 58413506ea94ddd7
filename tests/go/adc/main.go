// A Go program as Terraform's google provider authenticates: Application Default Credentials
// from golang.org/x/oauth2/google, then plain net/http to Google's real host names. It prints
// one JSON line: where its credentials came from, the project they name, who Google says the
// token belongs to, and what the storage call answered.
//
// Usage: adc PROJECT
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"cloud.google.com/go/compute/metadata"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

const scope = "https://www.googleapis.com/auth/cloud-platform"

type result struct {
	Credentials string   `json:"credentials"`
	Project     string   `json:"project"`
	Email       string   `json:"email"`
	Status      int      `json:"status"`
	Buckets     []string `json:"buckets"`
}

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: adc PROJECT"))
	}
	ctx := context.Background()
	creds, err := google.FindDefaultCredentials(ctx, scope)
	if err != nil {
		fail(err)
	}
	out := result{Credentials: kind(creds), Project: creds.ProjectID}
	token, err := creds.TokenSource.Token()
	if err != nil {
		fail(err)
	}
	if out.Email, err = email(token); err != nil {
		fail(err)
	}
	client := oauth2.NewClient(ctx, creds.TokenSource)
	list := "https://storage.googleapis.com/storage/v1/b?project=" + url.QueryEscape(os.Args[1])
	response, err := client.Get(list)
	if err != nil {
		fail(err)
	}
	defer response.Body.Close()
	out.Status = response.StatusCode
	var buckets struct {
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	if err := json.NewDecoder(response.Body).Decode(&buckets); err != nil {
		fail(err)
	}
	for _, b := range buckets.Items {
		out.Buckets = append(out.Buckets, b.Name)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

// kind names the credential source: the JSON file's type, else the metadata server's.
func kind(creds *google.Credentials) string {
	if len(creds.JSON) == 0 {
		if metadata.OnGCE() {
			return "compute_metadata"
		}
		return "unknown"
	}
	var file struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(creds.JSON, &file); err != nil {
		fail(err)
	}
	return file.Type
}

// email asks Google's tokeninfo whose token this is (the token in the body, never in a URL).
func email(token *oauth2.Token) (string, error) {
	response, err := http.PostForm(
		"https://oauth2.googleapis.com/tokeninfo",
		url.Values{"access_token": {token.AccessToken}},
	)
	if err != nil {
		return "", err
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return "", err
	}
	if response.StatusCode != http.StatusOK {
		return "", fmt.Errorf("tokeninfo answered %d: %s", response.StatusCode, body)
	}
	var info struct {
		Email string `json:"email"`
	}
	err = json.Unmarshal(body, &info)
	return info.Email, err
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "adc:", err)
	os.Exit(1)
}
