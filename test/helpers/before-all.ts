// tap `before` (tap takes one): build dist/ for the CLI, crash and package tests, and start a fresh contract report.
import '../../scripts/build-if-needed.mjs'
import './contract-reset.js'
