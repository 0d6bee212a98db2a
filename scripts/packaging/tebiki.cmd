@echo off
rem Opens the console in UTF-8 (Japanese text and the voices' names) and starts
rem tebiki: it continues an unfinished guide, or reads out the menu.
chcp 65001 >nul
"%~dp0tebiki.exe" %*
if errorlevel 1 pause
