// Node's google-auth-library in a gsudo session: the project GoogleAuth finds on its own, with
// none passed. Prints it on one line.
const { GoogleAuth } = require('google-auth-library');

new GoogleAuth().getProjectId().then(
  (project) => console.log(project),
  (e) => {
    console.error(`getProjectId: ${e.message}`);
    process.exit(1);
  },
);
